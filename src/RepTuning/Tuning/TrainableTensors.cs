using RepTuning.Models;
using Parameter = TorchSharp.Modules.Parameter;

namespace RepTuning.Tuning;

/// <summary>
/// What a run trains, as one list of named tensors in a fixed order: the selected weight matrices themselves (full
/// tuning, named as Hugging Face names them), or rank-r adapters attached to them (LoRA, <see cref="TuningOptions.LoraRank"/>,
/// named as PEFT names them: <c>….v_proj.lora_A.weight</c>, <c>….lora_B.weight</c>). AdamW, gradient clipping, the
/// divergence guard, checkpoints and the delta all read this one list, so both kinds share every code path. Disposing
/// freezes the weights again and detaches (and frees) the adapters: the model ends with nothing attached.
/// </summary>
internal sealed class TrainableTensors : IDisposable
{
    private readonly IDisposable? _unfreeze;
    private readonly List<Linear> _adapted = [];

    private TrainableTensors(IReadOnlyList<(string Name, Linear Linear)> matrices, IReadOnlyList<(string Name, Parameter Value)> tensors, IDisposable? unfreeze)
    {
        Matrices = matrices;
        Tensors = tensors;
        _unfreeze = unfreeze;
    }

    /// <summary>The selected weight matrices by Hugging Face name (layer, then q..down), whether trained in place or adapted.</summary>
    public IReadOnlyList<(string Name, Linear Linear)> Matrices { get; }

    /// <summary>The tensors the optimizer trains, by name, in a fixed order (for LoRA: A then B of each matrix).</summary>
    public IReadOnlyList<(string Name, Parameter Value)> Tensors { get; }

    /// <summary>Whether the weights themselves change (full tuning) rather than adapters beside them.</summary>
    public bool TrainsWeights => _unfreeze is not null;

    /// <summary>
    /// Unfreezes the selected matrices of <paramref name="model"/>, or (with a LoRA rank) attaches fresh adapters to them,
    /// drawn from <see cref="TuningOptions.Seed"/>. Throws <see cref="ArgumentException"/>, attaching nothing, when the rank
    /// exceeds a matrix's smaller side.
    /// </summary>
    public static TrainableTensors Create(ParameterSelection selection, LlamaModel model, TuningOptions options)
    {
        var matrices = selection.Resolve(model);
        if (options.LoraRank == 0)
        {
            var unfreeze = selection.Unfreeze(model);
            return new TrainableTensors(matrices, [.. matrices.Select(p => (p.Name, p.Linear.Weight))], unfreeze);
        }
        foreach (var (name, linear) in matrices) LowRankAdapter.CheckRank(name, linear, options.LoraRank);
        foreach (var p in model.NamedParameters().Values) p.requires_grad_(false);
        // One generator over the matrices in their fixed order: a seed gives the same adapters in every run.
        using var generator = new torch.Generator(unchecked((ulong)options.Seed));
        var tensors = new List<(string, Parameter)>();
        var result = new TrainableTensors(matrices, tensors, null);
        try
        {
            foreach (var (name, linear) in matrices)
            {
                var adapter = LowRankAdapter.Initial(linear, options.LoraRank, options.LoraScale, generator);
                linear.Adapter = adapter;
                result._adapted.Add(linear);
                tensors.Add((LowRankAdapter.NameOfA(name), adapter.A));
                tensors.Add((LowRankAdapter.NameOfB(name), adapter.B));
            }
            return result;
        }
        catch
        {
            result.Dispose(); // e.g. out of memory half way: no adapter stays attached
            throw;
        }
    }

    /// <summary>Freezes the trained weights, or detaches and frees the adapters.</summary>
    public void Dispose()
    {
        _unfreeze?.Dispose();
        foreach (var linear in _adapted) linear.DetachAdapter();
        _adapted.Clear();
    }
}
