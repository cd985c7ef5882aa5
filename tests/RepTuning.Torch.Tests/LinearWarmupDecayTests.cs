using RepTuning.Torch.Optim;

namespace RepTuning.Torch.Tests;

/// <summary>The linear warm-up / linear decay learning-rate schedule.</summary>
public sealed class LinearWarmupDecayTests
{
    [Fact]
    public void Factors_rise_linearly_then_fall_to_zero()
    {
        using var p = torch.zeros([1], requires_grad: true);
        using var optimizer = new AdamW([p], lr: 1);
        var schedule = new LinearWarmupDecay(optimizer, warmupSteps: 2, totalSteps: 6);
        Enumerable.Range(0, 8).Select(schedule.Factor).Should().Equal(0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0);
    }

    [Fact]
    public void Stepping_scales_every_group_from_its_initial_lr()
    {
        using var a = torch.zeros([1], requires_grad: true);
        using var b = torch.zeros([1], requires_grad: true);
        using var optimizer = new AdamW([new ParamGroup([a], lr: 0.2), new ParamGroup([b], lr: 0.02)]);
        var schedule = new LinearWarmupDecay(optimizer, warmupSteps: 4, totalSteps: 8);
        optimizer.param_groups.Select(g => g.LearningRate).Should().Equal(0, 0);
        schedule.step();
        optimizer.param_groups.Select(g => g.LearningRate).Should().Equal(0.05, 0.005);
        schedule.SetStep(6);
        schedule.StepCount.Should().Be(6);
        optimizer.param_groups.Select(g => g.LearningRate).Should().Equal(0.1, 0.01);
    }
}
