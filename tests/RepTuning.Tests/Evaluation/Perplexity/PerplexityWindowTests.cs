using RepTuning.Evaluation.Perplexity;

namespace RepTuning.Tests.Evaluation.Perplexity;

public class PerplexityWindowTests
{
    private static IEnumerable<(int Begin, int End, int ScoreFrom)> Plan(int sequenceLength, PerplexityOptions options) =>
        PerplexityWindow.Plan(0, sequenceLength, options).Select(w => (w.Begin, w.End, w.ScoreFrom));

    [Fact]
    public void Bos_per_window_masks_targets_already_scored()
    {
        var options = new PerplexityOptions { Convention = PerplexityOptions.BosPerWindow };
        Plan(10, options with { Window = 5, Stride = 2 }).Should().Equal((0, 4, 0), (2, 6, 4), (4, 8, 6), (6, 10, 8));
        // Without BOS a window's first token is only context.
        Plan(10, options with { Window = 4, PrependBos = false }).Should().Equal((0, 4, 1), (4, 8, 5), (8, 10, 9));
    }

    [Fact]
    public void Hf_never_scores_a_window_s_first_token_nor_a_target_twice()
    {
        // Sequence = BOS + 9 text tokens; window 4.
        Plan(10, new PerplexityOptions { Window = 4, Stride = 2 }).Should().Equal((0, 4, 1), (2, 6, 4), (4, 8, 6), (6, 10, 8));
        Plan(10, new PerplexityOptions { Window = 4 }).Should().Equal((0, 4, 1), (4, 8, 5), (8, 10, 9));
    }

    [Fact]
    public void LlamaCpp_scores_the_second_half_of_whole_chunks_on_a_toy_list()
    {
        // BOS + 20 text tokens, n_ctx = 8: 21 / 8 = 2 chunks, s[0..8) and s[8..16); s[16..21) is dropped. Each
        // chunk's first token becomes BOS (a BOS slot before s[1..8) and s[9..16)); first = 4, so the logits at
        // positions 4, 5, 6 score chunk tokens 5, 6, 7: s[5..8) and s[13..16), i.e. text tokens 4-6 and 12-14.
        var options = new PerplexityOptions { Convention = PerplexityOptions.LlamaCpp, Window = 8 };
        Plan(21, options).Should().Equal((1, 8, 5), (9, 16, 13));
        PerplexityWindow.Plan(0, 21, options).Select(w => w.ScoredCount).Should().Equal(3, 3);

        // Without BOS the chunk's own first token stays; the scored targets are the same.
        Plan(21, options with { PrependBos = false }).Should().Equal((0, 8, 5), (8, 16, 13));

        // Shorter than one chunk: one chunk of its own length (first = 5 / 2 = 2 scores s[3] and s[4]).
        Plan(5, options).Should().Equal((1, 5, 3));
    }
}
