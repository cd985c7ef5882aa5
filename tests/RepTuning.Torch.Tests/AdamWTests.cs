using RepTuning.Torch.Optim;

namespace RepTuning.Torch.Tests;

/// <summary>AdamW against its closed-form update, param groups, zero_grad and state round trips.</summary>
public sealed class AdamWTests
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    // The loss is sum(p²), so the gradient is 2p.
    private static void Backward(Tensor p)
    {
        using var square = p.square();
        using var loss = square.sum();
        loss.backward();
    }

    private static Tensor Parameter(params double[] values) => torch.tensor(values, requires_grad: true);

    /// <summary>torch.optim.AdamW's update for the loss sum(p²), in plain doubles.</summary>
    private static double[] Reference(double[] start, int steps, double lr, double weightDecay)
    {
        var p = (double[])start.Clone();
        var m = new double[p.Length];
        var v = new double[p.Length];
        for (var t = 1; t <= steps; t++)
            for (var i = 0; i < p.Length; i++)
            {
                var g = 2 * p[i];
                p[i] *= 1 - lr * weightDecay;
                m[i] = Beta1 * m[i] + (1 - Beta1) * g;
                v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
                var mHat = m[i] / (1 - Math.Pow(Beta1, t));
                var vHat = v[i] / (1 - Math.Pow(Beta2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + Eps);
            }
        return p;
    }

    private static void Train(AdamW optimizer, int steps, params Tensor[] parameters)
    {
        for (var s = 0; s < steps; s++)
        {
            optimizer.zero_grad();
            foreach (var p in parameters) Backward(p);
            optimizer.step();
        }
    }

    [Fact]
    public void Three_steps_match_the_closed_form_update()
    {
        double[] start = [1.0, -2.0, 0.5];
        using var p = Parameter(start);
        using var optimizer = new AdamW([p], lr: 0.1, weight_decay: 0.2);
        Train(optimizer, 3, p);
        p.ToArray<double>().Should().Equal(Reference(start, 3, 0.1, 0.2), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Each_param_group_uses_its_own_lr_and_weight_decay()
    {
        double[] start = [1.0, -2.0];
        using var a = Parameter(start);
        using var b = Parameter(start);
        using var optimizer = new AdamW([new ParamGroup([a], lr: 0.1, weight_decay: 0), new ParamGroup([b], weight_decay: 0.5)], lr: 0.01);
        optimizer.param_groups[1].LearningRate.Should().Be(0.01, "an unset group lr takes the default");
        Train(optimizer, 2, a, b);
        a.ToArray<double>().Should().Equal(Reference(start, 2, 0.1, 0), (x, y) => Math.Abs(x - y) < 1e-12);
        b.ToArray<double>().Should().Equal(Reference(start, 2, 0.01, 0.5), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Zero_grad_drops_gradients_and_step_skips_parameters_without_one()
    {
        using var p = Parameter(1.0, 2.0);
        using var frozen = Parameter(3.0);
        using var optimizer = new AdamW([p, frozen]);
        Backward(p);
        optimizer.step();
        frozen.ToArray<double>().Should().Equal(3.0);
        optimizer.zero_grad();
        p.grad.Should().BeNull();
    }

    [Fact]
    public void A_loaded_state_dict_continues_identically()
    {
        double[] start = [0.3, -1.2];
        using var original = Parameter(start);
        using var first = new AdamW([original], lr: 0.05);
        Train(first, 2, original);

        using var resumed = Parameter(original.ToArray<double>());
        using var second = new AdamW([resumed], lr: 0.05);
        var state = first.StateDict();
        try
        {
            state.Keys.Should().Contain(["g0.lr", "g0.p0.exp_avg", "g0.p0.exp_avg_sq", "g0.p0.step"]);
            second.LoadStateDict(state);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }

        Train(first, 1, original);
        Train(second, 1, resumed);
        resumed.ToArray<double>().Should().Equal(original.ToArray<double>());
        resumed.ToArray<double>().Should().Equal(Reference(start, 3, 0.05, 0.01), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Invalid_hyper_parameters_are_rejected()
    {
        using var p = Parameter(1.0);
        var negativeLr = () => new AdamW([p], lr: -1);
        negativeLr.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*lr*");
        var badBeta = () => new AdamW([p], beta1: 1);
        badBeta.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*betas*");
    }
}
