using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tuning;

/// <summary>
/// The token baseline: next-token cross-entropy at the answer position (the last prompt token, whose
/// logits predict the first answer token), toward a hard answer token or a soft distribution over tokens.
/// </summary>
internal static class TokenLoss
{
    /// <summary>Mean cross-entropy of <paramref name="answerLogits"/> (B, V) toward token ids (B) int64.</summary>
    public static Tensor Hard(Tensor answerLogits, Tensor answerIds) =>
        F.cross_entropy(answerLogits.to(ScalarType.Float32), answerIds);

    /// <summary>Mean cross-entropy of <paramref name="answerLogits"/> (B, V) toward probabilities (B, V) (e.g. 50/50 over " A"/" B").</summary>
    public static Tensor Soft(Tensor answerLogits, Tensor probabilities) =>
        F.cross_entropy(answerLogits.to(ScalarType.Float32), probabilities.to(ScalarType.Float32));

    /// <summary>The logits at each row's answer position: (B, T, V) and (B) int64 -> (B, V).</summary>
    public static Tensor AnswerLogits(Tensor logits, Tensor answerPositions)
    {
        using var scope = torch.NewDisposeScope();
        long b = logits.size(0), v = logits.size(2);
        var index = answerPositions.view(b, 1, 1).expand(b, 1, v);
        return logits.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }
}
