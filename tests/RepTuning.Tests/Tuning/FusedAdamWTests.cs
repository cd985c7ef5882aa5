using RepTuning.Tuning;
using AdamW = TorchSharp.Modules.AdamW;
using Parameter = TorchSharp.Modules.Parameter;

namespace RepTuning.Tests.Tuning;

/// <summary>The fused AdamW step against TorchSharp's AdamW, step by step, state included.</summary>
public class FusedAdamWTests
{
    // Five steps on two parameters (one spanning several parallel chunks and a scalar tail) from the same start and gradients.
    private static void AssertSameSteps(ScalarType dtype, double weightDecay, float tolerance)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(41);
        var starts = new[] { torch.randn([40_003], generator: generator).to(dtype), torch.randn([7, 5], generator: generator).to(dtype) };
        Parameter[] Leaves() => [.. starts.Select(s => new Parameter(s.clone()))];
        var (fused, plain) = (Leaves(), Leaves());
        using var ours = new FusedAdamW(fused, 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay);
        using var theirs = new AdamW(plain, 1e-2, 0.9, 0.999, 1e-8, weightDecay);
        for (var step = 0; step < 5; step++)
        {
            for (var i = 0; i < starts.Length; i++)
            {
                var g = torch.randn(starts[i].shape, generator: generator).to(dtype);
                fused[i].grad = g.clone();
                plain[i].grad = g.clone();
            }
            ours.step();
            theirs.step();
        }
        for (var i = 0; i < starts.Length; i++)
        {
            var (a, b) = ((AdamW.State)ours.state_dict().State[i], (AdamW.State)theirs.state_dict().State[i]);
            a.step.Should().Be(5);
            b.step.Should().Be(5);
            fused[i].sub(plain[i]).abs().max().ToSingle().Should().BeLessThanOrEqualTo(tolerance, "parameter {0}", i);
            a.exp_avg.sub(b.exp_avg).abs().max().ToSingle().Should().BeLessThanOrEqualTo(tolerance);
            a.exp_avg_sq.sub(b.exp_avg_sq).abs().max().ToSingle().Should().BeLessThanOrEqualTo(tolerance);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Float32_steps_match_TorchSharps_AdamW_to_rounding(double weightDecay) => AssertSameSteps(ScalarType.Float32, weightDecay, 1e-6f);

    [Fact]
    public void Other_dtypes_take_TorchSharps_step_exactly() => AssertSameSteps(ScalarType.Float64, 0.1, 0f);
}
