using System.Globalization;
using System.Runtime.InteropServices;
using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Models.Loading;
using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// The tensors a tuning run changed, stored as their <b>new values</b> (not differences): applying is a
/// copy, so a fresh base plus the delta equals the tuned model bit for bit. Safety comes from the hash of the
/// base's values of the same tensors (stored with the delta), which <see cref="Apply"/> checks before changing
/// anything. <c>using (delta.Apply(model)) { ... }</c> tunes the model for the scope and restores its exact
/// weights afterwards; saving the model inside the scope merges the delta.
/// <para>
/// A LoRA run (<see cref="TuningOptions.LoraRank"/>) gives a delta of adapters instead: <see cref="Tensors"/> holds
/// A (r, in) and B (out, r) per tuned matrix under PEFT's names (<c>….v_proj.lora_A.weight</c>, <c>….lora_B.weight</c>),
/// the file records <c>lora_rank</c> and <c>lora_alpha</c>, and <see cref="Apply"/> merges W + (alpha/r)·B·A, computed
/// in float32, with the same base check and exact restore.
/// </para>
/// </summary>
public sealed class TunedDelta : IDisposable
{
    private const string Format = "reptuning.tuned_delta";
    private readonly SortedDictionary<string, Tensor> _tensors;

    /// <summary>Wraps tuned tensors by Hugging Face name (the delta takes ownership).</summary>
    internal TunedDelta(IReadOnlyDictionary<string, Tensor> tensors, TunedDeltaInfo info)
    {
        if (tensors.Count == 0) throw new ArgumentException("a delta needs at least one tensor", nameof(tensors));
        _tensors = new SortedDictionary<string, Tensor>(tensors.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
        Info = info;
    }

    /// <summary>Provenance.</summary>
    internal TunedDeltaInfo Info { get; }

    /// <summary>The tuned values by Hugging Face name (for a LoRA delta, the adapters' A and B by PEFT name).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>SHA-256 (hex) over names, shapes and float32 bytes of tensors, in ordinal name order.</summary>
    internal static string Hash(IEnumerable<(string Name, Tensor Value)> tensors) => TensorHash.Of(tensors);

    /// <summary>Writes the delta as safetensors (atomic) with the info as metadata.</summary>
    public void Save(string path)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["base_model"] = Info.BaseModelId,
            ["base_hash"] = Info.BaseHash,
            ["layers"] = string.Join(",", Info.Layers),
            ["target_layers"] = string.Join(",", Info.TargetLayers),
            ["loss"] = Info.FinalLoss.ToString("R", CultureInfo.InvariantCulture),
            ["vector_hash"] = Info.VectorHash,
            ["hyper_parameters"] = Info.HyperParameters,
            ["retain_hash"] = Info.RetainHash,
        };
        // Only on adapter deltas: a file without them holds full matrices, as every older one does.
        if (IsLowRank)
        {
            metadata["lora_rank"] = Info.LoraRank.ToString(CultureInfo.InvariantCulture);
            metadata["lora_alpha"] = Info.LoraAlpha.ToString("R", CultureInfo.InvariantCulture);
        }
        SafetensorsWriter.Write(path, _tensors.Select(kv => TensorFiles.ToWrite(kv.Key, kv.Value)), metadata);
    }

    /// <summary>Reads a delta written by <see cref="Save"/>.</summary>
    public static TunedDelta Load(string path, Device? device = null)
    {
        using var file = SafetensorsFile.Open(path);
        var meta = file.Metadata;
        if (meta.GetValueOrDefault("format") != Format)
            throw new CheckpointFormatException(path, "not a RepTuning tuned-weight delta (metadata 'format' is missing or different)");
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v : throw new CheckpointFormatException(path, $"delta metadata lacks '{key}'");
        static int[] Ints(string s) => s.Length == 0 ? [] : s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var info = new TunedDeltaInfo
        {
            BaseModelId = Meta("base_model"),
            BaseHash = Meta("base_hash"),
            Layers = Ints(Meta("layers")),
            TargetLayers = Ints(Meta("target_layers")),
            FinalLoss = double.Parse(Meta("loss"), CultureInfo.InvariantCulture),
            VectorHash = Meta("vector_hash"),
            HyperParameters = Meta("hyper_parameters"),
            RetainHash = meta.GetValueOrDefault("retain_hash", ""),
            LoraRank = meta.TryGetValue("lora_rank", out var rank) ? int.Parse(rank, CultureInfo.InvariantCulture) : 0,
            LoraAlpha = meta.TryGetValue("lora_alpha", out var alpha) ? double.Parse(alpha, CultureInfo.InvariantCulture) : 0,
        };
        var tensors = file.Tensors.ToDictionary(e => e.Name, e => TensorFiles.Read(file, e.Name, device).DetachFromDisposeScope());
        return new TunedDelta(tensors, info);
    }

    /// <summary>
    /// Puts the tuned values into <paramref name="model"/> until the returned handle is disposed, which copies the
    /// original values back (bit for bit). Throws <see cref="DeltaMismatchException"/> (changing nothing) when a tensor
    /// is missing or differently shaped, or when the model's current values are not the base the delta was made from
    /// (a delta cannot be applied twice).
    /// </summary>
    public IDisposable Apply(LanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.Network.NamedParameters();
        var names = WeightNames().Where(parameters.ContainsKey).ToArray();
        Tensor[] originals;
        using (torch.no_grad())
            originals = names.Select(n => parameters[n].detach().clone().DetachFromDisposeScope()).ToArray();
        try
        {
            ApplyTo(model.Network);
        }
        catch
        {
            foreach (var t in originals) t.Dispose();
            throw;
        }
        return new Restorer(names.Select(n => parameters[n]).ToArray(), originals);
    }

    /// <summary>
    /// Overwrites the model's tensors with the tuned values for good (merging), in place under no_grad; checks as <see cref="Apply"/> does.
    /// </summary>
    internal void ApplyTo(LlamaModel model)
    {
        var targets = CheckedTargets(model);
        using (torch.no_grad())
            foreach (var (name, p) in targets)
            {
                using var value = IsLowRank
                    ? LowRankAdapter.Merge(p, _tensors[LowRankAdapter.NameOfA(name)], _tensors[LowRankAdapter.NameOfB(name)], Info.LoraScale)
                    : _tensors[name].to(p.dtype, p.device);
                p.copy_(value);
            }
    }

    /// <summary>
    /// Attaches a LoRA delta's adapters, unmerged, to the model's linears until the handle is disposed (the weights are
    /// never written); checks as <see cref="Apply"/> does. The reference for merging: the forward adds scale·(x Aᵀ) Bᵀ.
    /// </summary>
    internal IDisposable Attach(LanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!IsLowRank) throw new InvalidOperationException("only a LoRA delta has adapters to attach: apply a delta of full matrices with Apply");
        var targets = CheckedTargets(model.Network);
        var attached = new List<Linear>();
        try
        {
            foreach (var (name, p) in targets)
            {
                var linear = ParameterSelection.LinearOf(model.Network, name);
                if (linear.Adapter is not null) throw new InvalidOperationException($"{name} already has an adapter attached");
                linear.Adapter = new LowRankAdapter(_tensors[LowRankAdapter.NameOfA(name)].to(p.dtype, p.device, copy: true).detach(),
                    _tensors[LowRankAdapter.NameOfB(name)].to(p.dtype, p.device, copy: true).detach(), Info.LoraScale);
                attached.Add(linear);
            }
        }
        catch
        {
            Detach(attached);
            throw;
        }
        return new Detacher(attached);
    }

    private static void Detach(List<Linear> attached)
    {
        foreach (var linear in attached) linear.DetachAdapter();
        attached.Clear();
    }

    private sealed class Detacher(List<Linear> attached) : IDisposable
    {
        public void Dispose() => Detach(attached);
    }

    private bool IsLowRank => Info.LoraRank > 0;

    // The model's weights the delta changes: its own names, or those its adapters belong to.
    private IEnumerable<string> WeightNames() => IsLowRank
        ? _tensors.Keys.Select(n => LowRankAdapter.WeightOf(n) ?? n).Distinct()
        : _tensors.Keys;

    // Every changed weight exists here with the delta's shape, and holds the base's values: else nothing is touched.
    private List<(string Name, Tensor Value)> CheckedTargets(LlamaModel model)
    {
        var parameters = model.NamedParameters();
        var targets = new List<(string Name, Tensor Value)>();
        foreach (var name in WeightNames())
        {
            if (!parameters.TryGetValue(name, out var p))
                throw new DeltaMismatchException($"the delta changes '{name}', which this model does not have: it was made for another architecture");
            long[] expected = IsLowRank ? ExpectedShape(name) : [.. _tensors[name].shape];
            if (!p.shape.SequenceEqual(expected))
                throw new DeltaMismatchException($"'{name}' has shape [{string.Join(", ", p.shape)}] here but [{string.Join(", ", expected)}] in the delta: it was made for another model");
            targets.Add((name, p));
        }
        if (Hash(targets) != Info.BaseHash)
            throw new DeltaMismatchException($"this model's weights are not the base the delta was made from ({Info.BaseModelId}): load that base model (an already-tuned model cannot take the delta twice)");
        return targets;
    }

    // (out, in) from B (out, r) and A (r, in), which must agree on the rank.
    private long[] ExpectedShape(string weightName)
    {
        if (!_tensors.TryGetValue(LowRankAdapter.NameOfA(weightName), out var a) || !_tensors.TryGetValue(LowRankAdapter.NameOfB(weightName), out var b)
            || a.dim() != 2 || b.dim() != 2 || a.size(0) != Info.LoraRank || b.size(1) != Info.LoraRank)
            throw new DeltaMismatchException($"the LoRA delta's adapter of '{weightName}' is incomplete or not of rank {Info.LoraRank}: the file is damaged");
        return [b.size(0), a.size(1)];
    }

    private sealed class Restorer(Tensor[] parameters, Tensor[] originals) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            using (torch.no_grad())
                for (var i = 0; i < parameters.Length; i++) parameters[i].copy_(originals[i]);
            foreach (var t in originals) t.Dispose();
        }
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
