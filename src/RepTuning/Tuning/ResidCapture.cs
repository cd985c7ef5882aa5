using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>Keeps resid_post (B, T, D) of some layers from one forward pass, autograd graph included.</summary>
internal sealed class ResidCapture : IDisposable
{
    private readonly Dictionary<int, Tensor> _captured = [];
    private readonly List<IDisposable> _hooks = [];

    public ResidCapture(LlamaModel model, IEnumerable<int> layers)
    {
        foreach (var layer in layers.Distinct())
            _hooks.Add(model.Hooks.Add(HookSite.ResidPost(layer), (_, act) =>
            {
                // The forward pass disposes its intermediates; a clone we own survives it (and stays differentiable).
                if (_captured.Remove(layer, out var previous)) previous.Dispose();
                _captured[layer] = act.clone().DetachFromDisposeScope();
                return act;
            }));
    }

    public IReadOnlyDictionary<int, Tensor> Activations => _captured;

    /// <summary>Removes the hooks (later passes leave the captured tensors alone); idempotent.</summary>
    public void Stop()
    {
        foreach (var h in _hooks) h.Dispose();
        _hooks.Clear();
    }

    public void Dispose()
    {
        Stop();
        foreach (var t in _captured.Values) t.Dispose();
    }
}
