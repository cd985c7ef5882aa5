// Regenerates the golden token ids from Hugging Face's own tokenizers (Rust, via the npm binding).
// Not run by CI. Usage, from the repository root:
//   npm install --prefix /tmp/oracle @anush008/tokenizers@0.6.0
//   bash scripts/setup.sh                      # .testdata/tokenizers and models/stories15M
//   dotnet test tests/RepTuning.Tests -c Release --filter Exporter   # writes artifacts/stories15M-hf/tokenizer.json
//   ORACLE_DIR=/tmp/oracle node tests/RepTuning.Tests/Tokenization/Golden/make-golden.mjs
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const require = createRequire(join(process.env.ORACLE_DIR ?? here, 'package.json'));
const { Tokenizer } = require('@anush008/tokenizers');

const corpus = JSON.parse(readFileSync(join(here, 'corpus.json'), 'utf8'));
const data = join(root, '.testdata', 'tokenizers');

// GPT-2 ships only encoder.json + vocab.bpe; describe the same model as a tokenizer.json for the oracle.
function gpt2TokenizerJson() {
  const vocab = JSON.parse(readFileSync(join(data, 'gpt2.encoder.json'), 'utf8'));
  const merges = readFileSync(join(data, 'gpt2.vocab.bpe'), 'utf8').split('\n')
    .filter((line, i) => line.length > 0 && !(i === 0 && line.startsWith('#version')));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null,
    added_tokens: [{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null, pre_tokenizer: byteLevel, post_processor: byteLevel, decoder: byteLevel,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab, merges },
  });
}

// The exported Llama-2 file restated with the Metaspace pre-tokenizer and decoder (Mistral's newer style).
function metaspaceVariantJson() {
  const json = JSON.parse(readFileSync(join(root, 'artifacts', 'stories15M-hf', 'tokenizer.json'), 'utf8'));
  const metaspace = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: true };
  const decoder = { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, metaspace] };
  return JSON.stringify({ ...json, normalizer: null, pre_tokenizer: metaspace, decoder });
}

const targets = [
  { name: 'llama2-exported', load: () => Tokenizer.fromFile(join(root, 'artifacts', 'stories15M-hf', 'tokenizer.json')),
    extra: ['Hi</s>there<s>again', '<unk> is special'] },
  { name: 'llama2-metaspace', load: () => Tokenizer.fromString(metaspaceVariantJson()),
    extra: ['Hi</s>there<s> again', 'one</s> two'] },
  { name: 'llama3', load: () => Tokenizer.fromFile(join(data, 'llama3.tokenizer.json')),
    extra: ['<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>', 'a<|eot_id|>b <|reserved_special_token_5|>'] },
  { name: 'mistral-kind', load: () => Tokenizer.fromFile(join(data, 'mistral-kind.tokenizer.json')),
    extra: ['Hi</s>there<s>again'] },
  { name: 'gpt2', load: () => Tokenizer.fromString(gpt2TokenizerJson()),
    extra: ['a<|endoftext|>b', 'Hello world'] },
];

for (const target of targets) {
  let tokenizer;
  try {
    tokenizer = target.load();
  } catch (e) {
    console.error(`skipping ${target.name}: ${e.message}`);
    continue;
  }
  const cases = [];
  for (const text of [...corpus, ...target.extra]) {
    const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
    cases.push({ text, ids: encoding.getIds() });
  }
  writeFileSync(join(here, `${target.name}.golden.json`), JSON.stringify({ oracle: '@anush008/tokenizers@0.6.0', cases }, null, 1) + '\n');
  console.log(`${target.name}: ${cases.length} cases`);
}
