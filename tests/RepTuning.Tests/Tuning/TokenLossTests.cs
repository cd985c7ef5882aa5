using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class TokenLossTests
{
    private static readonly float[] Logits = [1, 2, 0.5f, -1, 0, 3]; // (B=2, V=3)

    private static double LogSoftmax(int row, int id)
    {
        var r = Logits.Skip(row * 3).Take(3).Select(x => (double)x).ToArray();
        return r[id] - Math.Log(r.Sum(Math.Exp));
    }

    [Fact]
    public void Hard_and_soft_targets_match_hand_computation()
    {
        using var logits = torch.tensor(Logits, [2, 3]);
        using var ids = torch.tensor(new long[] { 1, 2 });
        using var hard = TokenLoss.Hard(logits, ids);
        hard.ToSingle().Should().BeApproximately((float)(-(LogSoftmax(0, 1) + LogSoftmax(1, 2)) / 2), 1e-6f);

        using var probs = torch.tensor(new float[] { 0.5f, 0.5f, 0, 0, 0.5f, 0.5f }, [2, 3]);
        using var soft = TokenLoss.Soft(logits, probs);
        var expected = -(0.5 * LogSoftmax(0, 0) + 0.5 * LogSoftmax(0, 1) + 0.5 * LogSoftmax(1, 1) + 0.5 * LogSoftmax(1, 2)) / 2;
        soft.ToSingle().Should().BeApproximately((float)expected, 1e-6f);
    }

    [Fact]
    public void Answer_logits_are_taken_at_each_rows_answer_position()
    {
        using var logits = torch.arange(0, 12, 1, ScalarType.Float32).view(2, 3, 2); // (B=2, T=3, V=2)
        using var positions = torch.tensor(new long[] { 2, 0 });
        using var picked = TokenLoss.AnswerLogits(logits, positions);
        picked.ToArray<float>().Should().Equal(4, 5, 6, 7);
    }
}
