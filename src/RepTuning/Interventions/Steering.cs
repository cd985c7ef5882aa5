using System.Globalization;
using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Interventions;

/// <summary>Applies steering interventions to a model until the returned handle is disposed.</summary>
public static class Steering
{
    /// <summary>Adds <paramref name="multiplier"/> · <paramref name="vector"/> to resid_post at every layer the vector has.</summary>
    public static IDisposable Apply(LanguageModel model, SteeringVector vector, double multiplier = 1.0) =>
        Apply(model.Network, new Intervention(vector) { Multiplier = multiplier });

    /// <summary>Activates the interventions (in order, several per site allowed); disposing the result removes them all.</summary>
    public static IDisposable Apply(LanguageModel model, params Intervention[] interventions) => Apply(model.Network, interventions);

    /// <summary>
    /// Activates the interventions; disposing the result removes them all, after which the model computes
    /// exactly what it computed before. Everything is validated before any hook is added.
    /// </summary>
    /// <exception cref="VectorMismatchException">A vector made for another model, or lacking a requested layer.</exception>
    public static IDisposable Apply(LlamaModel model, params Intervention[] interventions)
    {
        if (interventions.Length == 0) throw new ArgumentException("give at least one intervention", nameof(interventions));
        var hooks = interventions.SelectMany(i => Compile(model, i)).ToList();
        var handles = new List<IDisposable>(hooks.Count);
        try
        {
            foreach (var (site, hook) in hooks) handles.Add(model.Hooks.Add(site, hook));
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
        return new Handles(handles);
    }

    private static IEnumerable<(HookSite Site, ActivationHook Hook)> Compile(LlamaModel model, Intervention intervention)
    {
        var vector = intervention.Vector;
        var site = intervention.Site;
        site.Validate(model);
        if (!double.IsFinite(intervention.Multiplier))
            throw new ArgumentOutOfRangeException(nameof(intervention), intervention.Multiplier, "the multiplier must be finite");
        CheckFits(vector, site, model);
        foreach (var layer in intervention.ResolvedLayers) model.CheckLayer(layer);
        CheckScaledInRange(vector, intervention.Multiplier);
        if (intervention.Positions.NeedsText)
            throw new ArgumentException($"steering cannot use the position {intervention.Positions}: a hook sees no prompt text; use index:I, span:S:E or offset:N", nameof(intervention));
        var hasBos = model.Config.BosTokenId is not null;
        // Scaling through the vector's own operator makes Apply(v, a) bit-identical to Apply(a * v).
        var scaled = intervention.Multiplier == 1.0 ? vector : intervention.Multiplier * vector;
        return intervention.ResolvedLayers
            .Select(layer => (new HookSite(layer, site.Point), Hook(scaled[layer].ToArray(), intervention, hasBos)))
            .ToList();
    }

    // multiplier * vector must stay a float vector: an infinite direction would only turn into NaN activations.
    private static void CheckScaledInRange(SteeringVector vector, double multiplier)
    {
        var largest = 0.0;
        foreach (var layer in vector.Layers)
            foreach (var v in vector[layer]) largest = Math.Max(largest, Math.Abs(v));
        if (!float.IsFinite((float)(multiplier * largest)))
            throw new ArgumentOutOfRangeException(
                $"the multiplier {multiplier.ToString("R", CultureInfo.InvariantCulture)} scales the vector (largest value {largest:G4}) past the float range: use a smaller one", (Exception?)null);
    }

    private static void CheckFits(SteeringVector vector, InterventionSite site, LlamaModel model)
    {
        if (site.Point != HookPoint.HeadOut)
        {
            vector.CheckCompatible(model.Config);
            return;
        }
        if (vector.HiddenSize != model.Config.HeadDim || vector.Info.LayerCount != model.Config.NumHiddenLayers)
            throw new VectorMismatchException(
                $"a head_out vector needs the head width {model.Config.HeadDim} and {model.Config.NumHiddenLayers} layers, " +
                $"but this one has width {vector.HiddenSize} and {vector.Info.LayerCount} layers");
    }

    private static ActivationHook Hook(float[] direction, Intervention intervention, bool hasBos)
    {
        var op = intervention.Operator;
        var positions = intervention.Positions;
        var head = intervention.Site.Head;
        return (context, activation) =>
        {
            // Runs inside the layer's dispose scope: every temporary here is freed with it.
            if (positions.Select(context, hasBos) is not { } selected) return activation;
            var target = head is { } h ? activation.select(2, h) : activation;     // (B, T, D) or (B, T, d)
            var x = target.to(ScalarType.Float32);
            var v = torch.tensor(direction, device: activation.device);            // (D)
            var steered = torch.where(selected.unsqueeze(-1), op.Apply(x, v), x).to(activation.dtype);
            return head is { } k ? ReplaceHead(activation, k, steered) : steered;
        };
    }

    private static Tensor ReplaceHead(Tensor heads, int head, Tensor value)                 // (B, T, H, d)
    {
        var count = heads.size(2);
        var parts = new List<Tensor>();
        if (head > 0) parts.Add(heads.narrow(2, 0, head));
        parts.Add(value.unsqueeze(2));
        if (head < count - 1) parts.Add(heads.narrow(2, head + 1, count - head - 1));
        return torch.cat(parts.ToArray(), 2);
    }

    private sealed class Handles(List<IDisposable> handles) : IDisposable
    {
        public void Dispose()
        {
            foreach (var h in handles) h.Dispose();
            handles.Clear();
        }
    }
}
