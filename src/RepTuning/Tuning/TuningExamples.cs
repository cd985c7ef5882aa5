using RepTuning.IO;
using System.Text;
using System.Text.Json;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tuning;

/// <summary>Reads training examples: JSONL prompt/answer lines, or a true/false facts CSV in the published question format.</summary>
public static class TuningExamples
{
    /// <summary>The published true/false question (no persona); the answer letter follows it.</summary>
    public static string FactQuestion(string statement) =>
        $"Question: Is the following claim true or false? \"{statement}\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer:";

    /// <summary>Reads <c>.jsonl</c> (<c>{"prompt": ..., "answer": ...}</c> per line) or a facts <c>.csv</c> (see <see cref="FromFactsCsv"/>).</summary>
    public static IReadOnlyList<TuningExample> Load(string path, IChatTemplate template, int sign = 1) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? FromFactsCsv(path, template, sign) : FromJsonl(path);

    /// <summary>One JSON object per non-empty line with a string <c>prompt</c> and an optional string <c>answer</c>.</summary>
    public static IReadOnlyList<TuningExample> FromJsonl(string path)
    {
        var examples = new List<TuningExample>();
        foreach (var (line, obj) in JsonLines.Read(path, (p, l, problem) => new FormatException($"{p}:{l}: {problem}")))
        {
            var prompt = obj.String("prompt") ?? throw new FormatException($"{path}:{line}: each line needs a string \"prompt\" (and optionally \"answer\")");
            examples.Add(new TuningExample(prompt, obj.String("answer")));
        }
        return examples.Count > 0 ? examples : throw new FormatException($"{path} holds no examples");
    }

    /// <summary>
    /// A <c>statement,label</c> CSV (label 1 true, 0 false; statements may be quoted). Each statement becomes
    /// the published question rendered with <paramref name="template"/>; the answer is the correct letter
    /// (" A" true, " B" false) for <paramref name="sign"/> +1 and the wrong one for -1 (published "NegPlusLie").
    /// </summary>
    public static IReadOnlyList<TuningExample> FromFactsCsv(string path, IChatTemplate template, int sign = 1)
    {
        var examples = new List<TuningExample>();
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].Trim().Equals("statement,label", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"{path}: a facts CSV starts with the header 'statement,label'");
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var fields = SplitCsvLine(lines[i]);
            if (fields.Count != 2 || fields[1].Trim() is not ("0" or "1"))
                throw new FormatException($"{path}:{i + 1}: expected 'statement,label' with label 0 or 1");
            var isTrue = fields[1].Trim() == "1";
            var prompt = template.RenderPrompt([ChatMessage.User(FactQuestion(fields[0]))]);
            examples.Add(new TuningExample(prompt, (isTrue == (sign > 0)) ? " A" : " B"));
        }
        return examples.Count > 0 ? examples : throw new FormatException($"{path} holds no statements");
    }

    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
