using System.Buffers.Binary;

namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of a valid file: random bytes, truncations, appended garbage, extreme 32- and 64-bit
/// values written over length fields (biased towards the header, where the lengths are) and extreme numbers
/// written over decimal digits (the lengths of JSON headers).
/// </summary>
internal static class ByteMutator
{
    private static readonly long[] Extremes =
        [0, -1, 1, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 31, 1L << 32, 1L << 40, long.MaxValue, long.MinValue, 1_000_000_000];

    private static readonly string[] ExtremeNumbers =
        ["0", "-1", "2147483647", "2147483648", "-2147483648", "4294967296", "9223372036854775807", "99999999999999999999", "1e308", "1000000000"];

    /// <summary>One mutant of <paramref name="original"/> and a description of what was done, for failure messages.</summary>
    public static (byte[] Bytes, string What) Mutate(byte[] original, Random random, int headerBytes)
    {
        var bytes = (byte[])original.Clone();
        int Offset(int width) => random.Next(2) == 0
            ? random.Next(Math.Max(1, Math.Min(headerBytes, bytes.Length - width + 1)))
            : random.Next(Math.Max(1, bytes.Length - width + 1));
        switch (random.Next(6))
        {
            case 0:
            {
                int n = random.Next(1, 5);
                var at = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    int o = Offset(1);
                    bytes[o] = (byte)random.Next(256);
                    at.Add(o);
                }
                return (bytes, $"random bytes at {string.Join(", ", at)}");
            }
            case 1:
            {
                int keep = random.Next(bytes.Length);
                return (bytes[..keep], $"truncated to {keep} bytes");
            }
            case 2:
            {
                int o = Offset(4);
                long v = Extremes[random.Next(Extremes.Length)];
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(o), unchecked((int)v));
                return (bytes, $"int32 {(int)v} at {o}");
            }
            case 3:
            {
                int o = Offset(8);
                long v = Extremes[random.Next(Extremes.Length)];
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(o), v);
                return (bytes, $"int64 {v} at {o}");
            }
            case 4:
            {
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return ([.. bytes, .. garbage], $"{garbage.Length} garbage bytes appended");
            }
            default:
                return ReplaceNumber(bytes, random);
        }
    }

    private static (byte[], string) ReplaceNumber(byte[] bytes, Random random)
    {
        var runs = new List<(int Start, int Length)>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!char.IsAsciiDigit((char)bytes[i]))
                continue;
            int start = i;
            while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i]))
                i++;
            runs.Add((start, i - start));
        }
        if (runs.Count == 0)
            return (bytes, "unchanged (no digits)");
        var (at, length) = runs[random.Next(runs.Count)];
        string number = ExtremeNumbers[random.Next(ExtremeNumbers.Length)];
        byte[] result = [.. bytes[..at], .. System.Text.Encoding.ASCII.GetBytes(number), .. bytes[(at + length)..]];
        return (result, $"number at {at} replaced by {number}");
    }
}
