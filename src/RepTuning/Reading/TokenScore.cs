namespace RepTuning.Reading;

/// <summary>A vocabulary token with the logit a direction gives it.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Token">The vocabulary string.</param>
/// <param name="Logit">Logit of the token for the direction.</param>
internal sealed record TokenScore(int Id, string Token, float Logit);
