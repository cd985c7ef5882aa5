namespace RepTuning.Benchmarks.Scaling;

/// <summary>The files the measurements read: the stories tokenizer (all sizes use its 32000-token vocabulary) and the text tuning examples are cut from.</summary>
internal sealed record ScalingInputs(string TokenizerPath, string TextPath);
