
namespace RepTuning.Models;

/// <summary>
/// The hooks active on a model. Adding a hook returns a handle whose disposal removes it, so an
/// intervention lives exactly as long as its <c>using</c> scope.
/// </summary>
public sealed class HookRegistry
{
    private readonly List<(HookSite Site, ActivationHook Hook, object Token)> _hooks = [];
    private readonly int _layerCount;

    internal HookRegistry(int layerCount) => _layerCount = layerCount;

    /// <summary>Number of active hooks.</summary>
    public int Count { get { lock (_hooks) return _hooks.Count; } }

    /// <summary>Activates <paramref name="hook"/> at <paramref name="site"/> until the result is disposed.</summary>
    public IDisposable Add(HookSite site, ActivationHook hook)
    {
        if (site.Layer < 0 || site.Layer >= _layerCount)
            throw new ArgumentOutOfRangeException(nameof(site), $"no layer {site.Layer}: the model has {_layerCount} (0-{_layerCount - 1})");
        var token = new object();
        lock (_hooks) _hooks.Add((site, hook, token));
        return new Removal(this, token);
    }

    internal bool Any(HookSite site)
    {
        lock (_hooks) return _hooks.Exists(h => h.Site == site);
    }

    internal Tensor Run(HookSite site, Tensor activation, Func<HookSite, HookContext> context)
    {
        ActivationHook[] hooks;
        lock (_hooks) hooks = _hooks.Where(h => h.Site == site).Select(h => h.Hook).ToArray();
        if (hooks.Length == 0) return activation;
        var ctx = context(site);
        foreach (var hook in hooks) activation = hook(ctx, activation);
        return activation;
    }

    private void Remove(object token)
    {
        lock (_hooks) _hooks.RemoveAll(h => ReferenceEquals(h.Token, token));
    }

    private sealed class Removal(HookRegistry registry, object token) : IDisposable
    {
        public void Dispose() => registry.Remove(token);
    }
}
