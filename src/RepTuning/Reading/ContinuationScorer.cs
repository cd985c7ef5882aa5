using RepTuning.Models;

namespace RepTuning.Reading;

/// <summary>Log-probabilities of whole prompts' endings, for choosing between answers without generating.</summary>
internal static class ContinuationScorer
{
    /// <summary>
    /// For each (prompt, full text), the summed log-probability of the full text's tokens after the longest
    /// token prefix it shares with the prompt (so labels are scored however the tokenizer joins them);
    /// all rows run as one left-padded batch.
    /// </summary>
    internal static double[] LogProbs(LanguageModel model, IReadOnlyList<(string Prompt, string Full)> items)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var rows = items.Select(t => model.Tokenizer.Encode(t.Full, addBos: true)).ToList();
        using var batch = PaddedBatch.Create(rows, model.Tokenizer.EosId ?? 0, model.Network.Device);
        using var output = model.Network.Forward(batch.Ids, batch.Mask);
        var scores = new double[rows.Count];
        for (var b = 0; b < rows.Count; b++)
        {
            var promptIds = model.Tokenizer.Encode(items[b].Prompt, addBos: true);
            var shared = Math.Max(1, rows[b].Zip(promptIds).TakeWhile(p => p.First == p.Second).Count());
            if (shared >= rows[b].Count) throw new ArgumentException($"\"{items[b].Full}\" adds no tokens to its prompt");
            // Token i is predicted by the logits at column (padding + i - 1).
            var logProbs = output.Logits!.select(0, b).narrow(0, batch.Padding[b] + shared - 1, rows[b].Count - shared).log_softmax(-1); // (n, V)
            for (var i = shared; i < rows[b].Count; i++)
                scores[b] += logProbs.select(0, i - shared).select(0, rows[b][i]).ToSingle();
        }
        return scores;
    }
}
