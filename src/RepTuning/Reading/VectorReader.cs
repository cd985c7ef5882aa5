using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Evaluation.Statistics;
using RepTuning.Models;
using RepTuning.Reading.Extraction;

namespace RepTuning.Reading;

/// <summary>Reads a behaviour direction from contrastive pairs: capture, reduce per layer, diagnose.</summary>
internal static class VectorReader
{
    /// <summary>
    /// Captures the dataset's activations and reduces them to a <see cref="SteeringVector"/>, with held-out
    /// diagnostics per layer. Progress counts prompts captured (of 2N).
    /// </summary>
    public static ReadResult Read(LanguageModel model, ContrastiveDataset dataset, ReadOptions? options = null,
        IProgress<int>? progress = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReadOptions();
        options.Validate(dataset.Count);
        if (dataset.IdenticalPairs.Count > 0)
            (logger ?? NullLogger.Instance).LogWarning(
                "{Count} of {Total} pairs of '{Dataset}' have identical positive and negative texts (first: pair {First}); they add nothing to the direction",
                dataset.IdenticalPairs.Count, dataset.Count, dataset.Name, dataset.IdenticalPairs[0]);
        using var activations = ActivationCapture.Capture(model, dataset, options.Capture, progress, cancellationToken);
        var positions = dataset.Pairs.Select(p => p.Position.ToString()).Distinct().ToList();
        var info = new SteeringVectorInfo
        {
            ModelId = model.Source,
            HiddenSize = model.Network.Config.HiddenSize,
            LayerCount = model.Network.Config.NumHiddenLayers,
            Method = DirectionMethods.Name(options.Method),
            ReadPosition = positions.Count == 1 ? positions[0] : "mixed",
            DatasetHash = dataset.Hash,
        };
        return Read(activations, info, options, logger);
    }

    /// <summary>Reduces already captured activations (width = <see cref="SteeringVectorInfo.HiddenSize"/>) to a vector with diagnostics.</summary>
    /// <exception cref="DegenerateDatasetException">The positive and negative activations are identical at every layer (the vector would be zero).</exception>
    public static ReadResult Read(ActivationSet activations, SteeringVectorInfo info, ReadOptions? options = null, ILogger? logger = null)
    {
        options ??= new ReadOptions();
        options.Validate(activations.Count);
        logger ??= NullLogger.Instance;
        if (activations.Layers.All(layer => IdenticalSides(activations, layer)))
            throw new DegenerateDatasetException(info.DatasetHash is { Length: > 0 } hash ? hash : "(activations)",
                "the positive and negative prompts give identical activations at every layer (texts that differ only in ways the tokenizer drops?), so the direction would be zero");
        var (train, test) = Split(activations.Count, options);
        using var trainIds = train;
        using var testIds = test;
        var directions = new Dictionary<int, float[]>();
        var diagnostics = new List<LayerDiagnostics>();
        foreach (var layer in activations.Layers)
        {
            using var scope = torch.NewDisposeScope();
            var pos = activations.Positives(layer);
            var neg = activations.Negatives(layer);
            var direction = Fit(options, layer, pos, neg);
            var heldOut = Fit(options, layer, pos.index_select(0, train), neg.index_select(0, train));
            var scored = Score(layer, torch.tensor(heldOut), pos.index_select(0, test), neg.index_select(0, test));
            directions[layer] = direction;
            var d = torch.tensor(direction);
            diagnostics.Add(scored with { ExplainedVariance = ExplainedVariance(pos, neg, d), Norm = d.norm().ToSingle() });
            logger.LogInformation("layer {Layer}: held-out accuracy {Accuracy:P0}, AUC {Auc:F3}, d {D:F2}", layer, scored.HeldOutAccuracy, scored.Auc, scored.CohensD);
        }
        return new ReadResult(new SteeringVector(directions, info), diagnostics);
    }

    private static bool IdenticalSides(ActivationSet activations, int layer)
    {
        using var scope = torch.NewDisposeScope();
        return activations.Positives(layer).eq(activations.Negatives(layer)).all().ToBoolean();
    }

    private static float[] Fit(ReadOptions options, int layer, Tensor positives, Tensor negatives)
    {
        var direction = DirectionMethods.Extract(options.Method, positives, negatives);
        return options.Nuisance is { } nuisance ? NuisanceProjection.ProjectOut(direction, nuisance[layer]) : direction;
    }

    private static LayerDiagnostics Score(int layer, Tensor direction, Tensor positives, Tensor negatives)
    {
        var pos = Extraction.DirectionMath.Project(positives, direction);
        var neg = Extraction.DirectionMath.Project(negatives, direction);
        var accuracy = pos.Zip(neg).Count(p => p.First > p.Second) / (double)pos.Length;
        return new LayerDiagnostics(layer, accuracy, Separation.RocAuc(pos, neg), Separation.CohensD(pos, neg), 0, 0);
    }

    /// <summary>Variance of the centred activations along the unit direction over their total variance.</summary>
    private static double ExplainedVariance(Tensor positives, Tensor negatives, Tensor direction)
    {
        var all = torch.cat([positives, negatives], 0).to(ScalarType.Float64);
        var centred = all - all.mean([0L], keepdim: true);
        var total = centred.square().sum().ToDouble();
        var norm = direction.norm().ToSingle();
        if (total == 0 || norm == 0) return 0;
        var along = centred.matmul(direction.to(ScalarType.Float64) / norm).square().sum().ToDouble();
        return along / total;
    }

    /// <summary>Seeded shuffle of pair indices into fit and held-out parts (both int64 index tensors, caller-scoped).</summary>
    private static (Tensor Train, Tensor Test) Split(int count, ReadOptions options)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var testCount = Math.Clamp((int)Math.Round(count * options.HoldOutFraction), 2, count - 2);
        var test = order[..testCount].Select(i => (long)i).ToArray();
        var train = order[testCount..].Select(i => (long)i).ToArray();
        return (torch.tensor(train).DetachFromDisposeScope(), torch.tensor(test).DetachFromDisposeScope());
    }
}
