using RepTuning.Models;
using RepTuning.Torch;

namespace RepTuning.Reading;

/// <summary>Log-probabilities of whole prompts' endings, for choosing between answers without generating.</summary>
internal static class ContinuationScorer
{
    /// <summary>
    /// For each full text, the summed log-probability of its tokens after the longest token prefix it
    /// shares with <paramref name="prompt"/> (so labels are scored however the tokenizer joins them).
    /// </summary>
    internal static double[] LogProbs(LanguageModel model, string prompt, IReadOnlyList<string> fullTexts)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var promptIds = model.Tokenizer.Encode(prompt, addBos: true);
        var rows = fullTexts.Select(t => model.Tokenizer.Encode(t, addBos: true)).ToList();
        using var batch = PaddedBatch.Create(rows, model.Tokenizer.EosId ?? 0, model.Network.Device);
        using var output = model.Network.Forward(batch.Ids, batch.Mask);
        var logProbs = output.Logits!.log_softmax(-1); // (B, T, V)
        var scores = new double[rows.Count];
        for (var b = 0; b < rows.Count; b++)
        {
            var shared = rows[b].Zip(promptIds).TakeWhile(p => p.First == p.Second).Count();
            if (shared >= rows[b].Count) throw new ArgumentException($"\"{fullTexts[b]}\" adds no tokens to the prompt");
            // Token i is predicted by the logits at column (padding + i - 1).
            for (var i = Math.Max(shared, 1); i < rows[b].Count; i++)
                scores[b] += logProbs.select(0, b).select(0, batch.Padding[b] + i - 1).select(0, rows[b][i]).item<float>();
        }
        return scores;
    }
}
