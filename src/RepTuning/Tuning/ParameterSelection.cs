using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// Which weight matrices are trained, per layer. Everything else is frozen with requires_grad false, so
/// autograd keeps no gradient memory for it.
/// </summary>
internal sealed record ParameterSelection
{
    private static readonly (TunedProjections Flag, string Name, Func<DecoderLayer, Linear> Get)[] s_projections =
    [
        (TunedProjections.Q, "self_attn.q_proj", l => l.SelfAttention.QProj),
        (TunedProjections.K, "self_attn.k_proj", l => l.SelfAttention.KProj),
        (TunedProjections.V, "self_attn.v_proj", l => l.SelfAttention.VProj),
        (TunedProjections.O, "self_attn.o_proj", l => l.SelfAttention.OProj),
        (TunedProjections.Gate, "mlp.gate_proj", l => l.Mlp.GateProj),
        (TunedProjections.Up, "mlp.up_proj", l => l.Mlp.UpProj),
        (TunedProjections.Down, "mlp.down_proj", l => l.Mlp.DownProj),
    ];

    /// <summary>Creates a selection from per-layer choices.</summary>
    public ParameterSelection(IReadOnlyDictionary<int, TunedProjections> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var chosen = layers.Where(kv => kv.Value != TunedProjections.None).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (chosen.Count == 0) throw new ArgumentException("select at least one weight matrix to tune", nameof(layers));
        Layers = new SortedDictionary<int, TunedProjections>(chosen);
    }

    /// <summary>The matrices tuned at each layer (layers absent are frozen).</summary>
    public IReadOnlyDictionary<int, TunedProjections> Layers { get; }

    /// <summary>The lowest tuned layer: nothing below it needs autograd.</summary>
    public int LowestLayer => Layers.Keys.Min();

    /// <summary>Whether <paramref name="layer"/>'s q_proj and k_proj stay frozen, so its attention probabilities depend only on its input.</summary>
    public bool FreezesQueriesAndKeys(int layer) => !Layers.TryGetValue(layer, out var tuned) || (tuned & (TunedProjections.Q | TunedProjections.K)) == 0;

    /// <summary>The same matrices (default V and O) at each of <paramref name="layers"/>.</summary>
    public static ParameterSelection ForLayers(IEnumerable<int> layers, TunedProjections projections = TunedProjections.ValueOutput) =>
        new(layers.Distinct().ToDictionary(l => l, _ => projections));

    /// <summary>The tuned weights of <paramref name="model"/> by Hugging Face name, in a fixed order (layer, then q..down).</summary>
    public IReadOnlyList<(string Name, Linear Linear)> Resolve(LlamaModel model)
    {
        var result = new List<(string, Linear)>();
        foreach (var (layer, flags) in Layers)
        {
            model.CheckLayer(layer);
            foreach (var (flag, name, get) in s_projections)
                if (flags.HasFlag(flag)) result.Add(($"model.layers.{layer}.{name}.weight", get(model.Layers[layer])));
        }
        return result;
    }

    /// <summary>
    /// The linear whose weight has the Hugging Face name <paramref name="weightName"/> (<c>model.layers.L.self_attn.v_proj.weight</c>);
    /// <see cref="DeltaMismatchException"/> for any other name.
    /// </summary>
    public static Linear LinearOf(LlamaModel model, string weightName)
    {
        foreach (var (_, name, get) in s_projections)
        {
            var suffix = $".{name}.weight";
            if (weightName.StartsWith("model.layers.", StringComparison.Ordinal) && weightName.EndsWith(suffix, StringComparison.Ordinal)
                && int.TryParse(weightName["model.layers.".Length..^suffix.Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var layer)
                && layer < model.Layers.Count)
                return get(model.Layers[layer]);
        }
        throw new DeltaMismatchException($"'{weightName}' is not a projection weight of this model");
    }

    /// <summary>
    /// Freezes every weight of <paramref name="model"/> and lets the selected ones take gradients; the
    /// returned handle freezes them again.
    /// </summary>
    public IDisposable Unfreeze(LlamaModel model)
    {
        var tuned = Resolve(model).Select(p => p.Linear.Weight).ToList();
        foreach (var p in model.NamedParameters().Values) p.requires_grad_(false);
        foreach (var p in tuned) p.requires_grad_(true);
        return new Refreeze(tuned);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", Layers.Select(kv => $"{kv.Key}:{kv.Value}"));

    private sealed class Refreeze(List<TorchSharp.Modules.Parameter> tuned) : IDisposable
    {
        public void Dispose()
        {
            foreach (var p in tuned) p.requires_grad_(false);
        }
    }
}
