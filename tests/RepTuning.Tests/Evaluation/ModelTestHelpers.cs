
namespace RepTuning.Tests.Evaluation;

/// <summary>Independent single-pass computations the evaluation tests compare against.</summary>
internal static class ModelTestHelpers
{
    /// <summary>log p(next | context) by one unbatched forward pass over <paramref name="context"/>, log-softmax in double.</summary>
    public static double LogProbNext(IReadOnlyList<int> context, int next)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var ids = torch.tensor(context.Select(i => (long)i).ToArray(), [1, context.Count]);
        using var output = TestModels.Stories15M.Network.Forward(ids);
        var logits = output.Logits!.select(0, 0).select(0, context.Count - 1).to(ScalarType.Float64).ToArray<double>();
        var max = logits.Max();
        var logSum = max + Math.Log(logits.Sum(x => Math.Exp(x - max)));
        return logits[next] - logSum;
    }

    /// <summary>
    /// log p(ids[i + 1] | ids[..i]) for every i in 0..T-2, by one unbatched forward pass over
    /// <paramref name="ids"/> (T tokens), log-softmax in double.
    /// </summary>
    public static double[] NextTokenLogProbs(IReadOnlyList<int> ids)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        using var output = TestModels.Stories15M.Network.Forward(torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]));
        var logProbs = output.Logits!.select(0, 0).to(ScalarType.Float64).log_softmax(-1);   // (T, V)
        return Enumerable.Range(0, ids.Count - 1).Select(i => logProbs[i, ids[i + 1]].ToDouble()).ToArray();
    }
}
