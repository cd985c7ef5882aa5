using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>The preservation term against an independent computation on two separate models (base and changed).</summary>
public class TuningCriterionTests
{
    private static readonly IReadOnlyList<TuningExample> Examples = TinyTuningModel.Examples(3);

    private static double TotalLoss(LanguageModel lm, FrozenBase frozen, TuningOptions options, TuningTarget target)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var rows = Examples.Select(e => EncodedExample.Encode(lm.Tokenizer, e, null, options.Position)).ToList();
        var batch = TuningBatch.Build(rows, lm.Network.Config.VocabSize, lm.Network.Device);
        return new TuningCriterion(lm.Network, target, options, ParameterSelection.ForLayers([1]), frozen, rows).Loss(batch).ToDouble();
    }

    /// <summary>Runs both models on the same right-padded batch and returns (mask, target weights, resid_post[layer], logits) of each.</summary>
    private static (Tensor Mask, Tensor Weights, Tensor H, Tensor Hb, Tensor Logits, Tensor BaseLogits) Independent(LanguageModel changed, LanguageModel original, TokenPosition position, int layer)
    {
        var rows = Examples.Select(e => EncodedExample.Encode(changed.Tokenizer, e, null, position)).ToList();
        var batch = TuningBatch.Build(rows, changed.Network.Config.VocabSize, changed.Network.Device);
        (Tensor H, Tensor Logits) Run(LanguageModel lm)
        {
            using var capture = new ActivationRecorder(lm.Network, [layer]);
            var output = lm.Network.Forward(batch.Ids, batch.Mask);
            return (capture.Activations[layer].clone(), output.Logits!);
        }
        var (h, logits) = Run(changed);
        var (hb, baseLogits) = Run(original);
        return (batch.Mask.to(ScalarType.Float32), batch.TargetWeights, h, hb, logits, baseLogits);
    }

    [Fact]
    public void Preservation_terms_equal_an_independent_computation_against_a_separate_base_model()
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var lm = TinyTuningModel.Create();
        using var original = TinyTuningModel.Create();
        var cosineOnly = TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]);
        var target = TuningTarget.From(cosineOnly, lm.Network.Config);
        var tuned = ParameterSelection.ForLayers([1]).Resolve(lm.Network);
        using var frozen = new FrozenBase(tuned);
        var mse = cosineOnly with { PreservationWeight = 2.0, PreservationLayers = [1] };
        var kl = cosineOnly with { PreservationWeight = 3.0 };

        TotalLoss(lm, frozen, mse, target).Should().Be(TotalLoss(lm, frozen, cosineOnly, target), "the untouched model equals its base");
        TotalLoss(lm, frozen, kl, target).Should().BeApproximately(TotalLoss(lm, frozen, cosineOnly, target), 1e-7);

        tuned[0].Linear.Weight.add_(0.05);   // move the model away from its base
        var (mask, weights, h, hb, logits, baseLogits) = Independent(lm, original, cosineOnly.Position, 1);
        var keep = mask * (1.0 - weights);
        var expectedMse = ((h - hb).square().mean([-1L]) * keep).sum().ToSingle() / keep.sum().ToSingle();
        var baseLog = baseLogits.log_softmax(-1);
        var expectedKl = ((baseLog.exp() * (baseLog - logits.log_softmax(-1))).sum(-1) * mask).sum().ToSingle() / mask.sum().ToSingle();
        var cos = TotalLoss(lm, frozen, cosineOnly, target);
        expectedMse.Should().BeGreaterThan(0);
        (TotalLoss(lm, frozen, mse, target) - cos).Should().BeApproximately(2.0 * expectedMse, 1e-5);
        (TotalLoss(lm, frozen, kl, target) - cos).Should().BeApproximately(3.0 * expectedKl, 1e-5);
    }

}

/// <summary>Counts live tensors, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(TrainingMemoryTests), DisableParallelization = true)]
[Collection(nameof(TrainingMemoryTests))]
public class TrainingMemoryTests
{
    [Fact]
    public void Training_releases_every_tensor_it_creates()
    {
        using var lm = TinyTuningModel.Create();
        var before = LiveTensors.Count();
        var result = new RepresentationTuner().Train(lm, TinyTuningModel.Examples(10), TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]) with
            { LearningRate = 1e-2, Epochs = 2, EarlyStoppingPatience = 0, TokenLossWeight = 0.01, PreservationWeight = 1 });
        result.Delta.Dispose();
        LiveTensors.Count().Should().Be(before);
    }
}
