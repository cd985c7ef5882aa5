using RepTuning.Models;

namespace RepTuning.Reading;

/// <summary>Reads a direction as if it were a final residual state: final norm, then unembedding.</summary>
internal static class LogitLens
{
    /// <summary>The top <paramref name="k"/> tokens of <c>LmHead(FinalNorm(±v))</c> for the direction at <paramref name="layer"/>.</summary>
    /// <exception cref="VectorMismatchException">The vector does not fit the model or lacks the layer.</exception>
    public static LogitLensResult Inspect(LanguageModel model, SteeringVector vector, int layer, int k = 10)
    {
        vector.CheckCompatible(model.Network.Config);
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), "ask for at least one token");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var network = model.Network;
        var v = vector.ToTensor(layer, network.Device, network.DType);                 // (D)
        var both = torch.stack([v, -v], 0).unsqueeze(0);                               // (1, 2, D)
        var logits = network.Unembed(both).squeeze(0); // (2, V)
        return new LogitLensResult(layer, Top(model, logits.select(0, 0), k), Top(model, logits.select(0, 1), k));
    }

    private static IReadOnlyList<TokenScore> Top(LanguageModel model, Tensor logits, int k)
    {
        var (values, indices) = logits.topk((int)Math.Min(k, logits.size(0)));
        var ids = indices.ToArray<long>();
        var scores = values.ToArray<float>();
        return ids.Select((id, i) => new TokenScore((int)id, model.Tokenizer.IdToToken((int)id), scores[i])).ToList();
    }
}
