using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>Cached rows and attention probabilities against the unbatched forward, their independence from the batch that first needs them, and the budget.</summary>
public class LowerLayerCacheTests
{
    private const int Layer = 2;
    private const long BytesPerToken = TinyTuningModel.Hidden * sizeof(float);

    // Ten examples of two lengths ("apples" and "the sun"): in chunks of three, sorted by length, one mixes them.
    private static List<EncodedExample> Rows(LanguageModel lm) =>
        TinyTuningModel.Examples(10).Select(e => EncodedExample.Encode(lm.Tokenizer, e, null, TokenPosition.Last)).ToList();

    private static TuningBatch Batch(LanguageModel lm, IReadOnlyList<EncodedExample> rows) =>
        TuningBatch.Build(rows, lm.Network.Config.VocabSize, lm.Network.Device);

    private static ForwardOptions StartOf(LowerLayerCache cache, LanguageModel lm, params EncodedExample[] rows) =>
        cache.StartFrom(Batch(lm, rows), ForwardOptions.Full);

    // Everything the cache hands a forward pass for one row, flattened into one tensor.
    private static Tensor Start(LowerLayerCache cache, LanguageModel lm, EncodedExample row)
    {
        var start = StartOf(cache, lm, row);
        return torch.cat([start.StartHidden!.flatten(), start.StartProbabilities!.flatten()]);
    }

    [Fact]
    public void Each_row_equals_the_unbatched_forward_of_its_example_and_padding_is_zero()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        rows.Select(r => r.Ids.Length).Distinct().Should().HaveCountGreaterThan(1, "rows of several lengths make the chunks padded");
        using var cache = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue, queriesAndKeysFrozen: true);
        var asked = new[] { rows[9], rows[2], rows[7], rows[8] };
        cache.KeepsProbabilities.Should().BeTrue();
        var start = StartOf(cache, lm, asked);
        var (hidden, probabilities) = (start.StartHidden!, start.StartProbabilities!);
        start.StartAtLayer.Should().Be(Layer);
        for (var i = 0; i < asked.Length; i++)
        {
            var length = asked[i].Ids.Length;
            var ids = torch.tensor(asked[i].Ids.Select(id => (long)id).ToArray(), [1, length]);
            using var alone = lm.Network.Forward(ids, null, null, new ForwardOptions { StopAfterLayer = Layer - 1 });
            var aloneProbabilities = lm.Network.AttentionProbabilities(alone.Hidden, torch.ones([1, length], ScalarType.Int64), Layer);
            var row = hidden.select(0, i);
            var rowProbabilities = probabilities.select(0, i);
            row.narrow(0, 0, length).sub(alone.Hidden.select(0, 0)).abs().max().ToSingle().Should().BeLessThan(1e-5f);
            rowProbabilities.narrow(1, 0, length).narrow(2, 0, length).sub(aloneProbabilities.select(0, 0)).abs().max().ToSingle().Should().BeLessThan(1e-5f);
            if (length == hidden.size(1)) continue;
            row.narrow(0, length, hidden.size(1) - length).abs().max().ToSingle().Should().Be(0);
            rowProbabilities.narrow(1, length, hidden.size(1) - length).abs().max().ToSingle().Should().Be(0, "padding queries");
            rowProbabilities.narrow(2, length, hidden.size(1) - length).abs().max().ToSingle().Should().Be(0, "padding keys");
        }
    }

    [Fact]
    public void Rows_do_not_depend_on_which_batch_first_needed_them()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        using var byBatches = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue, queriesAndKeysFrozen: true);
        using var oneByOne = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue, queriesAndKeysFrozen: true);
        StartOf(byBatches, lm, rows[7], rows[0], rows[3]); // fills the chunks in another order than below
        for (var i = rows.Count - 1; i >= 0; i--)
            Start(oneByOne, lm, rows[i]).Equals(Start(byBatches, lm, rows[i])).Should().BeTrue($"row {i}");
    }

    [Fact]
    public void Budget_admits_the_longest_prefix_that_fits_and_covers_only_batches_inside_it()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        var firstThree = rows.Take(3).Sum(r => r.Ids.Length) * BytesPerToken;
        using var cache = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, firstThree + rows[3].Ids.Length * BytesPerToken - 1, queriesAndKeysFrozen: false);
        cache.Count.Should().Be(3);
        cache.Bytes.Should().Be(firstThree);
        cache.Covers(Batch(lm, [rows[2], rows[0]])).Should().BeTrue();
        var mixed = Batch(lm, [rows[0], rows[3]]);
        cache.Covers(mixed).Should().BeFalse();
        FluentActions.Invoking(() => cache.StartFrom(mixed, ForwardOptions.Full)).Should().Throw<InvalidOperationException>().WithMessage("*layer 0*");
        StartOf(cache, lm, rows[0]).StartProbabilities.Should().BeNull();
    }

    [Fact]
    public void Probabilities_are_kept_only_with_frozen_queries_and_keys_and_room_for_every_admitted_example()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        var hidden = rows.Sum(r => r.Ids.Length) * BytesPerToken;
        var probabilities = rows.Sum(r => (long)TinyTuningModel.Config.NumAttentionHeads * r.Ids.Length * r.Ids.Length * sizeof(float));
        LowerLayerCache Cache(long budget, bool frozen) => new(lm.Network, Layer, rows, chunkSize: 3, budget, frozen);
        using (var both = Cache(hidden + probabilities, frozen: true))
            (both.Count, both.KeepsProbabilities, both.Bytes).Should().Be((rows.Count, true, hidden + probabilities));
        using (var rowsOnly = Cache(hidden + probabilities - 1, frozen: true))
            (rowsOnly.Count, rowsOnly.KeepsProbabilities, rowsOnly.Bytes).Should().Be((rows.Count, false, hidden), "keeping probabilities never costs a cached row");
        using (var trainedQueries = Cache(long.MaxValue, frozen: false))
            trainedQueries.KeepsProbabilities.Should().BeFalse();
    }
}
