using RepTuning.Torch.Native;

namespace RepTuning.Torch.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter), as torch.optim.AdamW:
/// p ← p(1 − lr·wd); m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p − lr·m̂ / (√v̂ + eps).
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly Dictionary<Tensor, State> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>One group with shared hyper-parameters.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay) { }

    /// <summary>Several groups; a group's own lr / weight decay override the defaults given here.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01)
    {
        Validate(lr, nameof(lr));
        Validate(eps, nameof(eps));
        Validate(weight_decay, nameof(weight_decay));
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), "betas must lie in [0, 1)");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        param_groups = groups.ToList();
        foreach (var g in param_groups)
        {
            if (double.IsNaN(g.LearningRate)) g.LearningRate = lr;
            if (double.IsNaN(g.WeightDecay)) g.WeightDecay = weight_decay;
            Validate(g.LearningRate, "group lr");
            Validate(g.WeightDecay, "group weight_decay");
            g.InitialLearningRate = g.LearningRate;
        }
    }

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> param_groups { get; }

    /// <summary>Exponential decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Exponential decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void step()
    {
        foreach (var group in param_groups)
        {
            if (!double.IsFinite(group.LearningRate))
                throw new InvalidOperationException($"learning rate is {group.LearningRate}: the schedule or the options produced a non-finite value");
            foreach (var p in group.Parameters)
            {
                using var g = p.grad;
                if (g is null) continue;
                var s = StateOf(p);
                s.Step++;
                NativeMethods.Check(NativeMethods.rt_adamw_step(p.Handle, g.Handle, s.ExpAvg.Handle, s.ExpAvgSq.Handle,
                    s.Step, group.LearningRate, Beta1, Beta2, Eps, group.WeightDecay));
            }
        }
    }

    /// <summary>Drops the gradients of every parameter.</summary>
    public void zero_grad()
    {
        foreach (var group in param_groups)
            foreach (var p in group.Parameters) p.zero_grad();
    }

    /// <summary>
    /// The optimizer state as named tensors (copies), for checkpoints: <c>g{i}.p{j}.exp_avg</c>,
    /// <c>.exp_avg_sq</c>, <c>.step</c> and <c>g{i}.lr</c>.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>();
        for (var i = 0; i < param_groups.Count; i++)
        {
            dict[$"g{i}.lr"] = torch.tensor(new[] { param_groups[i].LearningRate });
            for (var j = 0; j < param_groups[i].Parameters.Count; j++)
            {
                if (!_state.TryGetValue(param_groups[i].Parameters[j], out var s)) continue;
                dict[$"g{i}.p{j}.exp_avg"] = s.ExpAvg.clone().DetachFromDisposeScope();
                dict[$"g{i}.p{j}.exp_avg_sq"] = s.ExpAvgSq.clone().DetachFromDisposeScope();
                dict[$"g{i}.p{j}.step"] = torch.tensor(new[] { s.Step }).DetachFromDisposeScope();
            }
            dict[$"g{i}.lr"].DetachFromDisposeScope();
        }
        return dict;
    }

    /// <summary>Restores a state produced by <see cref="StateDict"/> for the same parameter layout.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> dict)
    {
        for (var i = 0; i < param_groups.Count; i++)
        {
            if (dict.TryGetValue($"g{i}.lr", out var lr)) param_groups[i].LearningRate = lr.item<double>();
            for (var j = 0; j < param_groups[i].Parameters.Count; j++)
            {
                if (!dict.TryGetValue($"g{i}.p{j}.exp_avg", out var m)) continue;
                var p = param_groups[i].Parameters[j];
                var s = StateOf(p);
                using (torch.no_grad())
                {
                    s.ExpAvg.copy_(m);
                    s.ExpAvgSq.copy_(dict[$"g{i}.p{j}.exp_avg_sq"]);
                }
                s.Step = dict[$"g{i}.p{j}.step"].item<long>();
            }
        }
    }

    /// <summary>Releases the moment tensors.</summary>
    public void Dispose()
    {
        foreach (var s in _state.Values)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
        }
        _state.Clear();
    }

    private State StateOf(Tensor p)
    {
        if (_state.TryGetValue(p, out var s)) return s;
        s = new State(torch.zeros_like(p).DetachFromDisposeScope(), torch.zeros_like(p).DetachFromDisposeScope());
        _state[p] = s;
        return s;
    }

    private static void Validate(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite non-negative number");
    }

    private sealed class State(Tensor expAvg, Tensor expAvgSq)
    {
        public Tensor ExpAvg { get; } = expAvg;
        public Tensor ExpAvgSq { get; } = expAvgSq;
        public long Step { get; set; }
    }
}
