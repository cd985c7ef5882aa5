using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// The base model inside the model being tuned: frozen copies of the tuned tensors' original values. A base
/// pass puts them in place of the tuned parameters by reference (no copy), runs under no_grad and puts them back; only
/// the tuned tensors are duplicated, so the memory cost is that of the tuned weights.
/// </summary>
internal sealed class FrozenBase : IDisposable
{
    private readonly IReadOnlyList<(string Name, Linear Linear)> _tuned;
    private readonly Tensor[] _originals;

    public FrozenBase(IReadOnlyList<(string Name, Linear Linear)> tuned)
    {
        _tuned = tuned;
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
            _originals = tuned.Select(p => p.Linear.Weight.detach().clone().DetachFromDisposeScope()).ToArray();
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
        using (torch.no_grad())
            for (var i = 0; i < _tuned.Count; i++) _tuned[i].Linear.Weight.copy_(_originals[i]);
    }

    public void Dispose()
    {
        foreach (var t in _originals) t.Dispose();
    }
}
