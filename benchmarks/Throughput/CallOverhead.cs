using System.Diagnostics;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>Cost of one tiny op (adding two 1-element tensors), where the binding's overhead dominates.</summary>
internal static class CallOverhead
{
    public sealed record Result(int Calls, double MicrosecondsUsing, double MicrosecondsInScope);

    private const int Calls = 200_000;

    public static Result Measure()
    {
        using var a = torch.ones([1]);
        using var b = torch.ones([1]);
        Run(a, b, Calls / 10, inScope: false);
        Run(a, b, Calls / 10, inScope: true);
        return new Result(Calls, Run(a, b, Calls, inScope: false), Run(a, b, Calls, inScope: true));
    }

    private static double Run(Tensor a, Tensor b, int calls, bool inScope)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            if (inScope)
            {
                using var scope = torch.NewDisposeScope();
                _ = a + b;
            }
            else
            {
                using var sum = a + b;
            }
        }
        return clock.Elapsed.TotalMicroseconds / calls;
    }
}
