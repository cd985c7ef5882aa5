using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// The base model inside the model being tuned: frozen copies of the tuned tensors' original values. A base
/// pass puts them in place of the tuned parameters by reference (no copy), runs under no_grad and puts them back; only
/// the tuned tensors are duplicated, so the memory cost is that of the tuned weights. When the weights themselves are
/// not trained (LoRA adapters beside them), nothing is copied: the override is the weight itself, which hides the adapter.
/// </summary>
internal sealed class FrozenBase : IDisposable
{
    private readonly IReadOnlyList<(string Name, Linear Linear)> _tuned;
    private readonly Tensor[] _originals;
    private readonly bool _copied;

    /// <summary>Keeps the base values of <paramref name="tuned"/>; copies them only when <paramref name="weightsChange"/>.</summary>
    public FrozenBase(IReadOnlyList<(string Name, Linear Linear)> tuned, bool weightsChange = true)
    {
        _tuned = tuned;
        _copied = weightsChange;
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
            _originals = weightsChange
                ? tuned.Select(p => p.Linear.Weight.detach().clone().DetachFromDisposeScope()).ToArray()
                : tuned.Select(p => (Tensor)p.Linear.Weight).ToArray();
    }

    /// <summary>The original values by Hugging Face name.</summary>
    public IEnumerable<(string Name, Tensor Value)> Originals => _tuned.Select((p, i) => (p.Name, _originals[i]));

    /// <summary>Runs <paramref name="pass"/> on the base weights without autograd.</summary>
    public T Run<T>(Func<T> pass)
    {
        try
        {
            for (var i = 0; i < _tuned.Count; i++) _tuned[i].Linear.WeightOverride = _originals[i];
            using (torch.no_grad()) return pass();
        }
        finally
        {
            foreach (var (_, linear) in _tuned) linear.WeightOverride = null;
        }
    }

    /// <summary>Copies the original values back into the tuned parameters: the model ends bit for bit as it began.</summary>
    public void Restore()
    {
        if (!_copied) return; // the weights never changed
        using (torch.no_grad())
            for (var i = 0; i < _tuned.Count; i++) _tuned[i].Linear.Weight.copy_(_originals[i]);
    }

    public void Dispose()
    {
        if (!_copied) return; // borrowed: the model's own weights
        foreach (var t in _originals) t.Dispose();
    }
}
