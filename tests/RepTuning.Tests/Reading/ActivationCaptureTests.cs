using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Tests.Reading;

public class ActivationCaptureTests
{
    // Different lengths force padding; positions of every kind.
    private static readonly string[] Prompts =
    [
        "Lily was very happy because",
        "One day, the sun was shining. Tom was very sad because his ball was lost",
        "Mom made a cake.",
        "The dog ran to the big tree and the cat ran after the dog",
    ];
    private static readonly TokenPosition[] Positions =
    [
        TokenPosition.Last, TokenPosition.Offset(-3), TokenPosition.Span(1, -1), TokenPosition.FirstMatch("dog"),
    ];

    [Fact]
    public void Batched_equals_unbatched()
    {
        var model = TestModels.Stories15M;
        var batched = ActivationCapture.CapturePrompts(model, Prompts, Positions, new CaptureOptions { BatchSize = 4 });
        var single = ActivationCapture.CapturePrompts(model, Prompts, Positions, new CaptureOptions { BatchSize = 1 });
        var capped = ActivationCapture.CapturePrompts(model, Prompts, Positions, new CaptureOptions { MaxTokensPerBatch = 30 });
        try
        {
            batched.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 6));
            foreach (var layer in batched.Keys)
            {
                batched[layer].shape.Should().Equal(4, 288);
                MaxAbsDiff(batched[layer], single[layer]).Should().BeLessThan(1e-4);
                MaxAbsDiff(capped[layer], single[layer]).Should().BeLessThan(1e-4);
            }
        }
        finally
        {
            foreach (var t in batched.Values.Concat(single.Values).Concat(capped.Values)) t.Dispose();
        }
    }

    [Fact]
    public void Captured_rows_equal_the_hidden_state_of_an_independent_forward()
    {
        var model = TestModels.Stories15M;
        var captured = ActivationCapture.CapturePrompts(model, Prompts, Positions, new CaptureOptions { Layers = [2], BatchSize = 4 });
        using var scope = torch.NewDisposeScope();
        for (var i = 0; i < Prompts.Length; i++)
        {
            var tokens = model.Tokenizer.EncodeWithOffsets(Prompts[i]);
            var span = Positions[i].Resolve(Prompts[i], tokens, model.Tokenizer.BosId);
            var ids = torch.tensor(tokens.Select(t => (long)t.Id).ToArray(), [1, tokens.Count]);
            using var output = model.Network.Forward(ids, options: new ForwardOptions { StopAfterLayer = 2 });
            var expected = output.Hidden.select(0, 0).narrow(0, span.Start, span.Count).mean([0L]);
            MaxAbsDiff(captured[2].select(0, i), expected).Should().BeLessThan(1e-4);
        }
        captured[2].Dispose();
    }

    [Fact]
    public void Dataset_capture_splits_positives_and_negatives_and_reports_progress()
    {
        var dataset = ContrastiveDataset.FromTexts("t", [(Prompts[0], Prompts[1]), (Prompts[2], Prompts[3])]);
        var reports = new List<int>();
        using var set = ActivationCapture.Capture(TestModels.Stories15M, dataset, new CaptureOptions { Layers = [1, 4], BatchSize = 3 }, new SyncProgress<int>(reports.Add));
        set.Layers.Should().Equal(1, 4);
        (set.Count, set.Width).Should().Be((2, 288));
        set.DatasetHash.Should().Be(dataset.Hash);
        reports.Should().Equal(3, 4);
        var all = ActivationCapture.CapturePrompts(TestModels.Stories15M, [Prompts[0], Prompts[2]], [TokenPosition.Last, TokenPosition.Last], new CaptureOptions { Layers = [4] });
        MaxAbsDiff(set.Positives(4), all[4]).Should().BeLessThan(1e-4);
        all[4].Dispose();
    }

    [Fact]
    public void Head_outputs_are_concatenated_to_the_model_width()
    {
        var rows = ActivationCapture.CapturePrompts(TestModels.Stories15M, Prompts, Positions, new CaptureOptions { Layers = [0], Point = HookPoint.HeadOut });
        rows[0].shape.Should().Equal(4, 288);
        rows[0].Dispose();
    }

    [Fact]
    public void Bad_layers_and_positions_are_typed_errors()
    {
        var model = TestModels.Stories15M;
        var layer = () => ActivationCapture.CapturePrompts(model, Prompts, Positions, new CaptureOptions { Layers = [6] });
        layer.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no layer 6: the model has 6 (0-5)*");
        var position = () => ActivationCapture.CapturePrompts(model, ["short"], [TokenPosition.Offset(-40)], new CaptureOptions());
        position.Should().Throw<ArgumentException>().WithMessage("*offset:-40*");
    }

    [Fact]
    public void Cancellation_stops_the_capture()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var run = () => ActivationCapture.CapturePrompts(TestModels.Stories15M, Prompts, Positions, new CaptureOptions(), cancellationToken: cancelled.Token);
        run.Should().Throw<OperationCanceledException>();
    }

    private static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).abs().max().ToSingle();
    }
}
