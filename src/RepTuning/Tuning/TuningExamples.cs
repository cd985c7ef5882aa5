using RepTuning.IO;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tuning;

/// <summary>Reads training examples: JSONL prompt/answer lines, or a true/false facts CSV in the published question format.</summary>
internal static class TuningExamples
{
    /// <summary>SHA-256 (hex) of the examples' prompts and answers in order; empty for none (a delta's <c>retain_hash</c>).</summary>
    public static string Hash(IReadOnlyList<TuningExample>? examples)
    {
        if (examples is not { Count: > 0 }) return "";
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        AppendTo(sha, examples);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Feeds each example's prompt and answer (NUL for none), one per line, to <paramref name="sha"/>.</summary>
    internal static void AppendTo(System.Security.Cryptography.IncrementalHash sha, IEnumerable<TuningExample> examples)
    {
        foreach (var e in examples)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(e.Prompt + "\n"));
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes((e.Answer ?? "\0") + "\n"));
        }
    }

    /// <summary>Reads <c>.jsonl</c> (<c>{"prompt": ..., "answer": ...}</c> per line) or a facts <c>.csv</c> (see <see cref="FromFactsCsv"/>).</summary>
    public static IReadOnlyList<TuningExample> Load(string path, IChatTemplate template, int sign = 1) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? FromFactsCsv(path, template, sign) : FromJsonl(path);

    /// <summary>One JSON object per non-empty line with a string <c>prompt</c> and an optional string <c>answer</c>.</summary>
    public static IReadOnlyList<TuningExample> FromJsonl(string path)
    {
        var examples = new List<TuningExample>();
        foreach (var (line, obj) in JsonLines.Read(path, (p, l, problem) => new DatasetFormatException(p, l, problem)))
        {
            var prompt = obj.String("prompt") ?? throw new DatasetFormatException(path, line, "each line needs a string \"prompt\" (and optionally \"answer\")");
            examples.Add(new TuningExample(prompt, obj.String("answer")));
        }
        return examples.Count > 0 ? examples : throw new DatasetFormatException(path, 0, "holds no examples");
    }

    /// <summary>
    /// A <c>statement,label</c> CSV (label 1 true, 0 false; statements may be quoted). Each statement becomes
    /// the published question rendered with <paramref name="template"/>; the answer is the correct letter
    /// (" A" true, " B" false) for <paramref name="sign"/> +1 and the wrong one for -1 (published "NegPlusLie").
    /// </summary>
    /// <exception cref="DatasetFormatException">A malformed file, or one without statements; the message names the file and line.</exception>
    public static IReadOnlyList<TuningExample> FromFactsCsv(string path, IChatTemplate template, int sign = 1)
    {
        var examples = FactsFile.Read(path, (p, line, problem) => new DatasetFormatException(p, line, problem))
            .Select(fact => new TuningExample(template.RenderPrompt([ChatMessage.User(FactsFile.Question(fact.Statement))]), fact.IsTrue == (sign > 0) ? " A" : " B"))
            .ToList();
        return examples.Count > 0 ? examples : throw new DatasetFormatException(path, 0, "holds no statements");
    }
}
