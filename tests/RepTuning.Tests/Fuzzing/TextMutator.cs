using System.Text;
using System.Text.Json.Nodes;

namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// Structure-aware mutations of small text files (JSON, JSONL, CSV): stray quotes, commas and line breaks, a huge
/// line, invalid UTF-8, deleted or duplicated spans (missing columns, duplicated keys), deep nesting; for JSON
/// objects also wrong-typed and extreme values written into chosen fields. Half the mutants come from
/// <see cref="ByteMutator"/> (bit-level damage, truncation, extreme numbers over digits).
/// </summary>
internal static class TextMutator
{
    private static readonly string[] Inserts =
        ["\"", "\"\"", ",", "\n", "\r", "\r\n", "\n\n", "\\", "\\u", "\\ud800", "{", "}", "[", "]", ":", "\0", "\uFEFF", "\u2028", "🙂", ",,,,", "\"a\",\"b\"\n"];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80, 0x80, 0x80], [0xF0]];

    /// <summary>Values of the wrong type or at the edge of the range, for <see cref="MutateJsonField"/>.</summary>
    private static readonly string[] Values =
    [
        "0", "-1", "1", "-2147483648", "2147483647", "2147483648", "4294967296", "9223372036854775807", "-9223372036854775808",
        "99999999999999999999999", "1e308", "-1e308", "1e-320", "0.5", "-0.0", "1.5", "true", "false", "null", "\"\"", "\"8\"", "\"llama\"",
        "[]", "[1]", "[1,\"a\"]", "[null]", "[1e308]", "{}", "{\"type\":\"linear\"}", "{\"rope_type\":7}", "{\"rope_type\":\"llama3\",\"factor\":1e308}",
        "{\"type\":\"linear\",\"factor\":-1}", "{\"rope_type\":null,\"type\":[1]}", "{\"rope_type\":\"yarn\",\"factor\":2}",
        "{\"rope_type\":\"llama3\",\"factor\":8,\"low_freq_factor\":1,\"high_freq_factor\":4,\"original_max_position_embeddings\":99999999999}",
    ];

    /// <summary>One mutant of <paramref name="original"/> and a description of what was done.</summary>
    public static (byte[] Bytes, string What) Mutate(byte[] original, Random random, string[]? fields = null)
    {
        int choice = random.Next(fields is null ? 9 : 11);
        if (choice < 4)
            return ByteMutator.Mutate(original, random, original.Length);
        int At() => random.Next(original.Length + 1);
        switch (choice)
        {
            case 4:
            {
                int at = At();
                string insert = Inserts[random.Next(Inserts.Length)];
                return (Splice(original, at, 0, Encoding.UTF8.GetBytes(insert)), $"{Escape(insert)} inserted at {at}");
            }
            case 5:
            {
                int at = At();
                byte[] bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                return (Splice(original, at, 0, bad), $"invalid UTF-8 {Convert.ToHexString(bad)} inserted at {at}");
            }
            case 6:
            {
                int at = At(), length = random.Next(1, 40);
                length = Math.Min(length, original.Length - at);
                return (Splice(original, at, length, []), $"{length} bytes deleted at {at}");
            }
            case 7:
            {
                int at = At(), length = Math.Min(random.Next(1, 60), original.Length - at);
                int to = At();
                return (Splice(original, to, 0, original[at..(at + length)]), $"{length} bytes from {at} duplicated at {to}");
            }
            case 8:
            {
                int at = At();
                bool nesting = random.Next(2) == 0;
                int depth = random.Next(2) == 0 ? 70 : 20_000;
                byte[] insert = nesting
                    ? Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth))
                    : Encoding.ASCII.GetBytes("\"" + new string('x', 1 << 20) + "\"");
                return (Splice(original, at, 0, insert), nesting ? $"nesting {depth} deep at {at}" : $"1 MiB line inserted at {at}");
            }
            case 9:
                return MutateJsonField(original, random, fields!);
            default:
            {
                // A duplicated key: the same field again at the start of the object, with another value.
                string field = fields![random.Next(fields.Length)];
                string value = Values[random.Next(Values.Length)];
                int brace = Array.IndexOf(original, (byte)'{');
                byte[] insert = Encoding.UTF8.GetBytes($"\"{field}\": {value}, ");
                return (Splice(original, brace + 1, 0, insert), $"duplicate key {field}: {value}");
            }
        }
    }

    /// <summary>Sets a chosen field of the top-level JSON object (or of its <c>rope_scaling</c>) to an edge value.</summary>
    private static (byte[], string) MutateJsonField(byte[] original, Random random, string[] fields)
    {
        var root = (JsonObject)JsonNode.Parse(original)!;
        string field = fields[random.Next(fields.Length)];
        string value = Values[random.Next(Values.Length)];
        var target = root;
        if (field.StartsWith("rope_scaling.", StringComparison.Ordinal) && root["rope_scaling"] is JsonObject scaling)
        {
            target = scaling;
            field = field["rope_scaling.".Length..];
        }
        if (random.Next(8) == 0)
        {
            target.Remove(field);
            return (Encoding.UTF8.GetBytes(root.ToJsonString()), $"field {field} removed");
        }
        // Splice the raw text so values beyond double's range (99999999999999999999999, 1e308) survive as written.
        target[field] = "__VALUE__";
        string text = root.ToJsonString().Replace("\"__VALUE__\"", value, StringComparison.Ordinal);
        return (Encoding.UTF8.GetBytes(text), $"field {field} set to {value}");
    }

    private static byte[] Splice(byte[] bytes, int at, int remove, byte[] insert) => [.. bytes[..at], .. insert, .. bytes[(at + remove)..]];

    private static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0");
}
