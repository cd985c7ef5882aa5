using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Interventions;

/// <summary>
/// Activation Addition (Turner et al.): a steering vector from one prompt pair, the difference of the two
/// prompts' activations at their last token, at every layer.
/// </summary>
internal static class ActAdd
{
    /// <summary>
    /// act(<paramref name="positive"/>) - act(<paramref name="negative"/>) at the last token of each prompt
    /// (encoded with BOS), per layer, read at resid_post (default) or attn_out.
    /// </summary>
    public static SteeringVector FromPrompts(LanguageModel model, string positive, string negative, HookPoint point = HookPoint.ResidPost)
    {
        if (point is not (HookPoint.ResidPost or HookPoint.AttnOut))
            throw new ArgumentException($"ActAdd reads resid_post or attn_out, not {point}", nameof(point));
        var plus = LastTokenActivations(model, positive, point);
        var minus = LastTokenActivations(model, negative, point);
        var directions = Enumerable.Range(0, plus.Length)
            .ToDictionary(l => l, l => plus[l].Zip(minus[l], (a, b) => a - b).ToArray());
        var config = model.Network.Config;
        return new SteeringVector(directions, new SteeringVectorInfo
        {
            ModelId = model.Source,
            HiddenSize = config.HiddenSize,
            LayerCount = config.NumHiddenLayers,
            Method = "actadd",
            ReadPosition = point == HookPoint.ResidPost ? "last" : "last (attn_out)",
        });
    }

    private static float[][] LastTokenActivations(LanguageModel model, string prompt, HookPoint point)
    {
        var network = model.Network;
        var ids = model.Tokenizer.Encode(prompt, addBos: true).Select(i => (long)i).ToArray();
        var layers = Enumerable.Range(0, network.Layers.Count).ToList();
        using var grad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        using var recorder = new ActivationRecorder(network, layers, point, (_, act) => act.select(1, act.size(1) - 1)); // (1, D)
        using var input = torch.tensor(ids, [1, ids.Length], device: network.Device);
        network.Forward(input, options: new ForwardOptions { StopAfterLayer = layers[^1] }).Dispose();
        return layers.Select(l => recorder.Activations[l].to(ScalarType.Float32).ToArray<float>()).ToArray();
    }
}
