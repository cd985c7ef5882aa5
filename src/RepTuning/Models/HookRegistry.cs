namespace RepTuning.Models;

/// <summary>
/// The hooks active in the current thread or async flow. A hook belongs to the flow that added it (and to
/// tasks started inside its scope, which inherit the flow): a forward pass on the same model in another
/// thread or flow does not see it, so concurrent generations with different steering on one shared model
/// do not interfere. Adding returns a handle whose disposal removes exactly that entry from the current
/// flow's list, so an intervention lives exactly as long as its <c>using</c> scope.
/// </summary>
/// <remarks>
/// The list is immutable and replaced on every change, which is what <see cref="AsyncLocal{T}"/> needs: a
/// child flow gets its parent's list at the moment it starts and its own changes never reach the parent.
/// Consequently a hook added inside an <c>async</c> method is gone when that method returns to its caller.
/// </remarks>
internal static class HookRegistry
{
    private static readonly AsyncLocal<HookEntry[]?> s_active = new();

    /// <summary>Activates <paramref name="hook"/> at <paramref name="site"/> of <paramref name="model"/>, in this flow, until the result is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer or head.</exception>
    /// <exception cref="ArgumentException">A head index at a point other than head_out.</exception>
    public static IDisposable Add(LlamaModel model, HookSite site, ActivationHook hook)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(hook);
        site.Validate(model.Config);
        var entry = new HookEntry(model, site, hook);
        HookEntry[] current = s_active.Value ?? [];
        s_active.Value = [.. current, entry];
        return new Removal(entry);
    }

    /// <summary>This flow's hooks on <paramref name="model"/> in the order added; null when there are none (the common, free case).</summary>
    public static HookEntry[]? For(LlamaModel model)
    {
        if (s_active.Value is not { } all) return null;
        var mine = Array.FindAll(all, e => ReferenceEquals(e.Model, model));
        return mine.Length == 0 ? null : mine;
    }

    /// <summary>How many hooks this flow has on <paramref name="model"/>.</summary>
    public static int Count(LlamaModel model) => For(model)?.Length ?? 0;

    private sealed class Removal(HookEntry entry) : IDisposable
    {
        public void Dispose()
        {
            if (s_active.Value is not { } all) return;
            var rest = Array.FindAll(all, e => !ReferenceEquals(e, entry));
            s_active.Value = rest.Length == 0 ? null : rest;
        }
    }
}

/// <summary>One active hook: a model instance, a site on it and what runs there.</summary>
internal sealed record HookEntry(LlamaModel Model, HookSite Site, ActivationHook Hook);
