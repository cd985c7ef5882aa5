namespace RepTuning.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character map: printable Latin-1 bytes stand for themselves, the
/// others are shifted to U+0100 onwards so every byte has a visible, non-space character.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = BuildByteToChar();

    public static readonly IReadOnlyDictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + shifted++);
        }
        return map;
    }
}
