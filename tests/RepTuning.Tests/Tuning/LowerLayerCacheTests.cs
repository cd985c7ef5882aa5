using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>Cached rows against the unbatched forward, their independence from the batch that first needs them, and the budget.</summary>
public class LowerLayerCacheTests
{
    private const int Layer = 2;
    private const long BytesPerToken = TinyTuningModel.Hidden * sizeof(float);

    // Ten examples of two lengths ("apples" and "the sun"): in chunks of three, sorted by length, one mixes them.
    private static List<EncodedExample> Rows(LanguageModel lm) =>
        TinyTuningModel.Examples(10).Select(e => EncodedExample.Encode(lm.Tokenizer, e, null, TokenPosition.Last)).ToList();

    private static TuningBatch Batch(LanguageModel lm, IReadOnlyList<EncodedExample> rows) =>
        TuningBatch.Build(rows, lm.Network.Config.VocabSize, lm.Network.Device);

    [Fact]
    public void Each_row_equals_the_unbatched_forward_of_its_example_and_padding_is_zero()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        rows.Select(r => r.Ids.Length).Distinct().Should().HaveCountGreaterThan(1, "rows of several lengths make the chunks padded");
        using var cache = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue);
        var asked = new[] { rows[9], rows[2], rows[7], rows[8] };
        var hidden = cache.Hidden(Batch(lm, asked));
        for (var i = 0; i < asked.Length; i++)
        {
            var ids = torch.tensor(asked[i].Ids.Select(id => (long)id).ToArray(), [1, asked[i].Ids.Length]);
            using var alone = lm.Network.Forward(ids, null, null, new ForwardOptions { StopAfterLayer = Layer - 1 });
            var row = hidden.select(0, i);
            var length = asked[i].Ids.Length;
            row.narrow(0, 0, length).sub(alone.Hidden.select(0, 0)).abs().max().ToSingle().Should().BeLessThan(1e-5f);
            if (length < hidden.size(1)) row.narrow(0, length, hidden.size(1) - length).abs().max().ToSingle().Should().Be(0);
        }
    }

    [Fact]
    public void Rows_do_not_depend_on_which_batch_first_needed_them()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        using var byBatches = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue);
        using var oneByOne = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, long.MaxValue);
        byBatches.Hidden(Batch(lm, [rows[7], rows[0], rows[3]])); // fills the chunks in another order than below
        for (var i = rows.Count - 1; i >= 0; i--)
            oneByOne.Hidden(Batch(lm, [rows[i]])).Equals(byBatches.Hidden(Batch(lm, [rows[i]]))).Should().BeTrue($"row {i}");
    }

    [Fact]
    public void Budget_admits_the_longest_prefix_that_fits_and_covers_only_batches_inside_it()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyTuningModel.Create();
        var rows = Rows(lm);
        var firstThree = rows.Take(3).Sum(r => r.Ids.Length) * BytesPerToken;
        using var cache = new LowerLayerCache(lm.Network, Layer, rows, chunkSize: 3, firstThree + rows[3].Ids.Length * BytesPerToken - 1);
        cache.Count.Should().Be(3);
        cache.Bytes.Should().Be(firstThree);
        cache.Covers(Batch(lm, [rows[2], rows[0]])).Should().BeTrue();
        var mixed = Batch(lm, [rows[0], rows[3]]);
        cache.Covers(mixed).Should().BeFalse();
        FluentActions.Invoking(() => cache.Hidden(mixed)).Should().Throw<InvalidOperationException>().WithMessage("*layer 0*");
    }
}
