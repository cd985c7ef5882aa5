using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class RepresentationLossTests
{
    private static readonly float[] Direction = [1, 0, 0];

    private static (Tensor H, Tensor W, TuningTarget Target) Setup(int sign)
    {
        var vector = new SteeringVector(new Dictionary<int, float[]> { [0] = Direction, [1] = [0, 1, 0] },
            new RepTuning.Reading.SteeringVectorInfo { HiddenSize = 3, LayerCount = 2 });
        var config = TinyTuningModel.Config with { HiddenSize = 3, NumHiddenLayers = 2 };
        // The sign lives in the direction: tuning toward the opposite behaviour negates the vector.
        var target = TuningTarget.From(TuningOptions.TuneIn(sign > 0 ? vector : -vector, [0]), config);
        // (B=1, T=3, D=3): cos to (1,0,0) = 1, 0, -0.6 at the three positions.
        var h = torch.tensor(new float[] { 2, 0, 0, 0, 5, 0, -3, 4, 0 }, [1, 3, 3]);
        var w = torch.tensor(new float[] { 1, 1, 1 }, [1, 3]);
        return (h, w, target);
    }

    [Theory]
    [InlineData(TuningObjective.TuneIn, 1, (0 + 0.5 + 0.8) / 3)]
    [InlineData(TuningObjective.TuneIn, -1, (1 + 0.5 + 0.2) / 3)]
    [InlineData(TuningObjective.TuneOut, 1, (1 + 0 + 0.6) / 3)]
    [InlineData(TuningObjective.TuneOutSquared, 1, (1 + 0 + 0.36) / 3)]
    public void Matches_hand_computation(TuningObjective objective, int sign, double expected)
    {
        var (h, w, target) = Setup(sign);
        using var loss = RepresentationLoss.Compute(new Dictionary<int, Tensor> { [0] = h }, w, target, objective);
        loss.ToSingle().Should().BeApproximately((float)expected, 1e-6f);
    }

    [Fact]
    public void Padding_and_unselected_positions_do_not_count()
    {
        var (h, _, target) = Setup(1);
        using var w = torch.tensor(new float[] { 0, 1, 0 }, [1, 3]);
        using var loss = RepresentationLoss.Compute(new Dictionary<int, Tensor> { [0] = h }, w, target, TuningObjective.TuneIn);
        loss.ToSingle().Should().BeApproximately(0.5f, 1e-6f);
        using var none = torch.zeros([1, 3]);
        FluentActions.Invoking(() => RepresentationLoss.Compute(new Dictionary<int, Tensor> { [0] = h }, none, target, TuningObjective.TuneIn))
            .Should().Throw<ArgumentException>().WithMessage("*no target position*");
    }
}
