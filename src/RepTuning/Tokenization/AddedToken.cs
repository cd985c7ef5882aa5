namespace RepTuning.Tokenization;

/// <summary>A token matched verbatim in the input before the model runs (e.g. "&lt;|eot_id|&gt;").</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">Its text.</param>
/// <param name="Special">Whether decoding with skipSpecial leaves it out.</param>
internal sealed record AddedToken(int Id, string Content, bool Special);
