using System.Text;

namespace RepTuning.Tokenization;

/// <summary>
/// Hugging Face's decoder pipeline: each step rewrites the list of token strings, and the result is
/// concatenated. Supports the steps Llama-2/Mistral (Replace, ByteFallback, Fuse, Strip, Metaspace)
/// and byte-level tokenizers (ByteLevel) use.
/// </summary>
internal sealed class TokenDecoder(IReadOnlyList<TokenDecoder.Step> steps)
{
    /// <summary>The SentencePiece decoder Llama-2 tokenizer.json files declare.</summary>
    public static TokenDecoder SentencePiece { get; } = new(
    [
        new ReplaceStep(MetaspacePreTokenizer.Space.ToString(), " "),
        new ByteFallbackStep(),
        new FuseStep(),
        new StripStep(' ', 1, 0),
    ]);

    /// <summary>GPT-2's decoder: byte characters back to UTF-8 text.</summary>
    public static TokenDecoder ByteLevel { get; } = new([new ByteLevelStep()]);

    public string Decode(IEnumerable<string> tokens)
    {
        var list = tokens.ToList();
        foreach (var step in steps)
        {
            list = step.Apply(list);
        }
        return string.Concat(list);
    }

    /// <summary>One decoder step.</summary>
    internal abstract class Step
    {
        public abstract List<string> Apply(List<string> tokens);
    }

    /// <summary>Replaces a literal pattern in every token.</summary>
    internal sealed class ReplaceStep(string pattern, string content) : Step
    {
        public override List<string> Apply(List<string> tokens) =>
            tokens.ConvertAll(t => t.Replace(pattern, content, StringComparison.Ordinal));
    }

    /// <summary>Runs of &lt;0xNN&gt; tokens become the UTF-8 text of their bytes; invalid bytes become U+FFFD each.</summary>
    internal sealed class ByteFallbackStep : Step
    {
        public override List<string> Apply(List<string> tokens)
        {
            var output = new List<string>(tokens.Count);
            var bytes = new List<byte>();
            void Flush()
            {
                if (bytes.Count == 0)
                {
                    return;
                }
                try
                {
                    output.Add(BpeModel.StrictUtf8.GetString(bytes.ToArray()));
                }
                catch (DecoderFallbackException)
                {
                    output.AddRange(Enumerable.Repeat("\uFFFD", bytes.Count));
                }
                bytes.Clear();
            }
            foreach (var token in tokens)
            {
                if (BpeModel.TryParseByteToken(token, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    Flush();
                    output.Add(token);
                }
            }
            Flush();
            return output;
        }
    }

    /// <summary>Joins all tokens into one.</summary>
    internal sealed class FuseStep : Step
    {
        public override List<string> Apply(List<string> tokens) => [string.Concat(tokens)];
    }

    /// <summary>Removes up to <c>left</c> leading and <c>right</c> trailing <c>content</c> characters of every token.</summary>
    internal sealed class StripStep(char content, int left, int right) : Step
    {
        public override List<string> Apply(List<string> tokens) => tokens.ConvertAll(t =>
        {
            var from = 0;
            while (from < left && from < t.Length && t[from] == content)
            {
                from++;
            }
            var to = t.Length;
            while (t.Length - to < right && to > from && t[to - 1] == content)
            {
                to--;
            }
            return t[from..to];
        });
    }

    /// <summary>"▁" becomes a space; the first token loses its leading space unless the prefix scheme is "never".</summary>
    internal sealed class MetaspaceStep(char replacement, bool stripFirstSpace) : Step
    {
        public override List<string> Apply(List<string> tokens)
        {
            var output = tokens.ConvertAll(t => t.Replace(replacement, ' '));
            if (stripFirstSpace && output.Count > 0 && output[0].StartsWith(' '))
            {
                output[0] = output[0][1..];
            }
            return output;
        }
    }

    /// <summary>Maps byte characters back to bytes and decodes them as UTF-8 (invalid sequences become U+FFFD).</summary>
    internal sealed class ByteLevelStep : Step
    {
        public override List<string> Apply(List<string> tokens)
        {
            var bytes = new List<byte>();
            foreach (var token in tokens)
            {
                foreach (var c in token)
                {
                    if (ByteLevelAlphabet.CharToByte.TryGetValue(c, out var b))
                    {
                        bytes.Add(b);
                    }
                    else
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                    }
                }
            }
            return [Encoding.UTF8.GetString(bytes.ToArray())];
        }
    }
}
