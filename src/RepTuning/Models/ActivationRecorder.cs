namespace RepTuning.Models;

/// <summary>
/// Records the activation at one hook point of some layers during the forward passes of the flow that
/// created it (see <see cref="HookRegistry"/>): per layer the last pass's activation, or what
/// <c>reduce</c> makes of it, as a tensor the recorder owns (autograd graph included) until it is disposed.
/// </summary>
internal sealed class ActivationRecorder : IDisposable
{
    private readonly Dictionary<int, Tensor> _recorded = [];
    private readonly List<IDisposable> _hooks = [];

    /// <param name="model">The model whose passes are recorded.</param>
    /// <param name="layers">The layers to record (repeats are ignored).</param>
    /// <param name="point">Where in each layer.</param>
    /// <param name="reduce">
    /// Keeps part of the activation (layer, activation) -> tensor, e.g. the last token; runs inside the pass,
    /// so temporaries are freed with it. Null keeps the whole activation.
    /// </param>
    public ActivationRecorder(LlamaModel model, IEnumerable<int> layers, HookPoint point = HookPoint.ResidPost, Func<int, Tensor, Tensor>? reduce = null)
    {
        try
        {
            foreach (var layer in layers.Distinct())
                _hooks.Add(HookRegistry.Add(model, new HookSite(layer, point), (_, act) =>
                {
                    var kept = reduce?.Invoke(layer, act) ?? act;
                    // The forward pass disposes its intermediates; a tensor we own survives it (and stays differentiable).
                    if (ReferenceEquals(kept, act)) kept = act.clone();
                    if (_recorded.Remove(layer, out var previous)) previous.Dispose();
                    _recorded[layer] = kept.DetachFromDisposeScope();
                    return act;
                }));
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>The recorded tensors by layer: only layers a pass has reached since the recorder was made.</summary>
    public IReadOnlyDictionary<int, Tensor> Activations => _recorded;

    /// <summary>Removes the hooks (later passes leave the recorded tensors alone); idempotent.</summary>
    public void Stop()
    {
        foreach (var h in _hooks) h.Dispose();
        _hooks.Clear();
    }

    /// <summary>Removes the hooks and frees the recorded tensors.</summary>
    public void Dispose()
    {
        Stop();
        foreach (var t in _recorded.Values) t.Dispose();
        _recorded.Clear();
    }
}
