using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>Shared plumbing of the tuning tests: synchronous progress, loss + gradients of one batch, weight snapshots.</summary>
internal static class TuningTestKit
{

    /// <summary>
    /// Loss and the gradient of every trained tensor (zeros where none flowed) for one batch: the weights, or with a
    /// <see cref="TuningOptions.LoraRank"/> the adapters' A and B in <see cref="TrainableTensors"/> order. <paramref name="prepare"/>
    /// may set the trained tensors (under no_grad) before the pass, e.g. to give B non-zero values.
    /// </summary>
    public static (double Loss, double[][] Grads) LossAndGradients(LanguageModel lm, IReadOnlyList<TuningExample> examples, TuningOptions options, int passes = 1,
        Action<IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Value)>>? prepare = null)
    {
        using var scope = torch.NewDisposeScope();
        var target = TuningTarget.From(options, lm.Network.Config);
        var selection = ParameterSelection.ForLayers(options.TunedLayerList, options.Projections);
        using var trainable = TrainableTensors.Create(selection, lm.Network, options);
        var tuned = trainable.Tensors;
        if (prepare is not null)
            using (torch.no_grad()) prepare(tuned);
        using var frozen = new FrozenBase(trainable.Matrices, trainable.TrainsWeights);
        var rows = examples.Select(e => EncodedExample.Encode(lm.Tokenizer, e, options.UsesTokenLoss ? options.SoftTokenTargets : null, options.Position)).ToList();
        using var criterion = new TuningCriterion(lm.Network, target, options, selection, frozen, rows);
        // Later passes over the same rows are served by the criterion's lower-layer cache, when it has one.
        for (var pass = 1; pass < passes; pass++)
            using (var batchScope = torch.NewDisposeScope())
                criterion.Loss(TuningBatch.Build(rows, lm.Network.Config.VocabSize, lm.Network.Device));
        var batch = TuningBatch.Build(rows, lm.Network.Config.VocabSize, lm.Network.Device);
        foreach (var (_, t) in tuned) t.grad?.zero_();
        var loss = criterion.Loss(batch);
        var value = loss.to(ScalarType.Float64).ToDouble();
        loss.backward();
        var grads = tuned.Select(p => p.Value.grad is { } g ? g.to(ScalarType.Float64).ToArray<double>() : new double[p.Value.numel()]).ToArray();
        foreach (var (_, t) in tuned) t.grad?.zero_();
        return (value, grads);
    }

    /// <summary>Copies of every parameter by name.</summary>
    public static Dictionary<string, Tensor> Snapshot(LlamaModel model) =>
        model.NamedParameters().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());

    public static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>Asserts both sets hold the same names with values within <paramref name="tolerance"/>, then disposes both.</summary>
    public static void ShouldMatchAndDispose(Dictionary<string, Tensor> actual, Dictionary<string, Tensor> expected, float tolerance)
    {
        try
        {
            actual.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (name, t) in actual)
                t.sub(expected[name]).abs().max().ToSingle().Should().BeLessThan(tolerance, name);
        }
        finally
        {
            DisposeAll(actual);
            DisposeAll(expected);
        }
    }
}
