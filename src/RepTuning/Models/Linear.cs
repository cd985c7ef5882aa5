using TorchSharp.Modules;

namespace RepTuning.Models;

/// <summary>
/// y = x Wᵀ + b with W (out, in) as Hugging Face stores it: a TorchSharp module whose parameters are named
/// <c>weight</c> and <c>bias</c>. Parameters load frozen (no gradient); training code unfreezes what it trains.
/// </summary>
internal sealed class Linear : torch.nn.Module<Tensor, Tensor>
{
    // Field names are the parameter names: TorchSharp registers fields by name and re-points them on .to().
    private Parameter? weight;
    private Parameter? bias;
    private readonly Func<Parameter>? _tiedTo;

    /// <summary>Wraps <paramref name="weight"/> (out, in) and an optional <paramref name="bias"/> (out) as parameters.</summary>
    public Linear(Tensor weight, Tensor? bias = null) : base(nameof(Linear))
    {
        this.weight = new Parameter(weight, requires_grad: false);
        this.bias = bias is null ? null : new Parameter(bias, requires_grad: false);
        RegisterComponents();
    }

    private Linear(Func<Parameter> tiedTo) : base(nameof(Linear)) => _tiedTo = tiedTo;

    /// <summary>A bias-free linear over another module's parameter (a tied unembedding), which it does not own or register.</summary>
    internal static Linear Tied(Func<Parameter> weight) => new(weight);

    /// <summary>(out, in) weight.</summary>
    public Parameter Weight => _tiedTo?.Invoke() ?? weight!;

    /// <summary>(out) bias, if the layer has one.</summary>
    public Parameter? Bias => bias;

    /// <summary>
    /// A tensor used in place of the layer's effective weight (<see cref="Weight"/> and any <see cref="Adapter"/>) while
    /// set (by reference, no copy): tuning runs the base model this way without touching what it trains.
    /// </summary>
    internal Tensor? WeightOverride { get => _override?.Tensor; set => _override = value is null ? null : new(value); }

    // Boxed so that TorchSharp's field registration never takes the borrowed tensor for a buffer.
    private sealed record Borrowed(Tensor Tensor);
    private Borrowed? _override;

    /// <summary>
    /// A low-rank change added in the forward while attached (LoRA training, or a delta attached unmerged). Held as a
    /// plain object, never registered, so the model's parameters stay exactly the loaded ones.
    /// </summary>
    internal LowRankAdapter? Adapter { get; set; }

    /// <summary>Frees and removes the attached <see cref="Adapter"/>, if any.</summary>
    internal void DetachAdapter()
    {
        Adapter?.Dispose();
        Adapter = null;
    }

    /// <summary>
    /// The weight a forward multiplies by when no adapter adds to it (the override, else the weight); null while an
    /// attached <see cref="Adapter"/> acts, so a fused kernel that reads weights directly knows to step aside.
    /// </summary>
    internal Tensor? PlainWeight => WeightOverride ?? (Adapter is null ? Weight : null);

    /// <summary>(*, in) -> (*, out).</summary>
    public override Tensor forward(Tensor x) => Adapted(x, CpuLinear.Forward(x, WeightOverride ?? Weight, Bias));

    // An override stands for the whole effective weight, so the adapter only acts without one.
    private Tensor Adapted(Tensor x, Tensor y) => WeightOverride is null && Adapter is { } adapter ? adapter.Add(x, y) : y;
}
