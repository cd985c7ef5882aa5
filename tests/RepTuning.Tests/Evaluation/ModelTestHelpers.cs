
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
}
