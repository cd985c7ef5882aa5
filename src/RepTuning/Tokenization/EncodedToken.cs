namespace RepTuning.Tokenization;

/// <summary>A token id with the span of input characters (UTF-16 code units) it came from.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Start">Index of the first input character covered by the token.</param>
/// <param name="Length">Number of input characters covered; 0 for added BOS/EOS and the dummy prefix space.</param>
internal readonly record struct EncodedToken(int Id, int Start, int Length);
