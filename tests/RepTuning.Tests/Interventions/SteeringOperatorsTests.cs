using RepTuning.Interventions;

namespace RepTuning.Tests.Interventions;

public class SteeringOperatorsTests
{
    private static float[] Run(SteeringOperator op, float[] x, float[] v)
    {
        using var scope = torch.NewDisposeScope();
        return op.Apply(torch.tensor(x, [1, x.Length]), torch.tensor(v)).ToArray<float>();
    }

    [Fact]
    public void Built_ins_match_hand_computation()
    {
        float[] x = [3, 4, 0], v = [2, 0, 0];
        Run(SteeringOperator.Add, x, v).Should().Equal(5, 4, 0);
        Run(SteeringOperator.Subtract, x, v).Should().Equal(1, 4, 0);
        Run(SteeringOperator.Ablate, x, v).Should().Equal(0, 4, 0);
        Run(SteeringOperator.AblateThenAdd, x, v).Should().Equal(2, 4, 0);
        Run(SteeringOperator.Clamp(-1), x, v).Should().Equal(-1, 4, 0);
        // (5, 4, 0) rescaled from norm sqrt(41) to 5.
        Run(SteeringOperator.NormPreservingAdd, x, v).Should().BeEquivalentTo(new[] { 25 / MathF.Sqrt(41), 20 / MathF.Sqrt(41), 0f },
            o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
    }

    [Fact]
    public void A_zero_direction_leaves_ablation_and_clamp_as_identity()
    {
        float[] x = [3, 4, 0], zero = [0, 0, 0];
        Run(SteeringOperator.Ablate, x, zero).Should().Equal(x);
        Run(SteeringOperator.Clamp(2), x, zero).Should().Equal(x);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("subtract")]
    [InlineData("ablate")]
    [InlineData("ablate-add")]
    [InlineData("add-norm")]
    [InlineData("clamp(-0.25)")]
    public void Names_parse_back(string name) => SteeringOperator.Parse(name).Name.Should().Be(name);

    [Fact]
    public void Unknown_names_list_the_choices() =>
        FluentActions.Invoking(() => SteeringOperator.Parse("push")).Should().Throw<FormatException>().WithMessage("*ablate-add*");
}
