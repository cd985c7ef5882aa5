namespace RepTuning.Torch.Optim;

/// <summary>A set of parameters sharing a learning rate and weight decay.</summary>
public sealed class ParamGroup
{
    /// <summary>Creates a group; null hyper-parameters take the optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, double? weight_decay = null)
    {
        Parameters = parameters.ToList();
        LearningRate = lr ?? double.NaN;
        WeightDecay = weight_decay ?? double.NaN;
    }

    /// <summary>The tensors this group updates (leaf tensors with requires_grad).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Current learning rate (schedulers change it).</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning rate the group started with (schedulers scale it).</summary>
    public double InitialLearningRate { get; internal set; }

    /// <summary>Decoupled weight decay coefficient.</summary>
    public double WeightDecay { get; set; }
}
