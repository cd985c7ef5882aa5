namespace RepTuning.Tokenization;

/// <summary>
/// A word ready for BPE: its text in model alphabet (e.g. "▁Once" or "ĠOnce") and, per rune of that
/// text, the span [start, end) of input characters it stands for (empty for inserted prefixes).
/// </summary>
internal sealed record PreToken(string Text, int[] UnitStarts, int[] UnitEnds);

/// <summary>Turns a stretch of input text (outside added tokens) into words for the BPE model.</summary>
internal interface IPreTokenizer
{
    /// <summary>Splits <paramref name="input"/>[start, start+length) into words with input offsets.</summary>
    IEnumerable<PreToken> Split(string input, int start, int length);
}
