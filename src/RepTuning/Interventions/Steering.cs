using System.Globalization;
using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Interventions;

/// <summary>Turns interventions into hooks of the calling flow (what <see cref="LanguageModel.Steer"/> does).</summary>
internal static class Steering
{
    /// <summary>
    /// Activates the interventions (in order, several per site allowed) for forward passes of this thread or
    /// async flow; disposing the result removes them all, after which the model computes exactly what it
    /// computed before. Everything is validated before any hook is added.
    /// </summary>
    /// <exception cref="VectorMismatchException">A vector made for another model, or lacking a requested layer.</exception>
    public static IDisposable Apply(LlamaModel model, params Intervention[] interventions)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        if (interventions.Length == 0) throw new ArgumentException("give at least one intervention", nameof(interventions));
        var hooks = interventions.SelectMany(i => Compile(model, i)).ToList();
        var handles = new List<IDisposable>(hooks.Count);
        try
        {
            foreach (var (site, hook) in hooks) handles.Add(HookRegistry.Add(model, site, hook));
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
        return new Handles(handles);
    }

    private static List<(HookSite Site, ActivationHook Hook)> Compile(LlamaModel model, Intervention intervention)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        var vector = intervention.Vector;
        if (intervention.Layers is not { Count: > 0 } layers)
            throw new ArgumentException("an intervention names the layers it steers: give at least one", nameof(intervention));
        if (intervention.Point == HookPoint.HeadOut && intervention.Head is null)
            throw new ArgumentOutOfRangeException(nameof(intervention), null, $"head_out needs a head index in 0-{model.Config.NumAttentionHeads - 1}");
        foreach (var layer in layers) intervention.Site(layer).Validate(model.Config);
        if (!double.IsFinite(intervention.Multiplier))
            throw new ArgumentOutOfRangeException(nameof(intervention), intervention.Multiplier, "the multiplier must be finite");
        CheckFits(vector, intervention.Point, model);
        CheckScaledInRange(vector, intervention.Multiplier);
        if (intervention.Positions.NeedsText)
            throw new ArgumentException($"steering cannot use the position {intervention.Positions}: a hook sees no prompt text; use index:I, span:S:E or offset:N", nameof(intervention));
        var hasBos = model.Config.BosTokenId is not null;
        // Scaling through the vector's own operator makes steering with (v, a) bit-identical to (a * v, 1).
        var scaled = intervention.Multiplier == 1.0 ? vector : intervention.Multiplier * vector;
        return layers.Select(layer => (intervention.Site(layer), Hook(scaled[layer].ToArray(), intervention, hasBos))).ToList();
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

    private static void CheckFits(SteeringVector vector, HookPoint point, LlamaModel model)
    {
        if (point != HookPoint.HeadOut)
        {
            vector.CheckCompatible(model.Config);
            return;
        }
        if (vector.HiddenSize != model.Config.HeadDim || vector.Info.LayerCount != model.Config.NumHiddenLayers)
            throw new VectorMismatchException(
                $"a head_out vector needs the head width {model.Config.HeadDim} and {model.Config.NumHiddenLayers} layers, " +
                $"but this one has width {vector.HiddenSize} and {vector.Info.LayerCount} layers");
    }

    // The registry hands a head site its (B, T, d) slice and puts the result back in place of that head.
    private static ActivationHook Hook(float[] direction, Intervention intervention, bool hasBos)
    {
        var op = intervention.Operator;
        var positions = intervention.Positions;
        return (context, activation) =>
        {
            // Runs inside the layer's dispose scope: every temporary here is freed with it.
            if (positions.Select(context, hasBos) is not { } selected) return activation;
            var x = activation.to(ScalarType.Float32);                              // (B, T, D) or (B, T, d)
            var v = torch.tensor(direction, device: activation.device);            // (D)
            return torch.where(selected.unsqueeze(-1), op.Apply(x, v), x).to(activation.dtype);
        };
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
