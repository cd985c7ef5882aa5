namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// The training step under OMP_WAIT_POLICY=PASSIVE (the binding's default) and ACTIVE, each in fresh
/// child processes (RT_OMP_WAIT_POLICY picks the policy), alternating to spread machine noise evenly.
/// </summary>
internal static class WaitPolicyComparison
{
    public sealed record Result(int Repetitions, PolicyResult Passive, PolicyResult Active, double ActiveOverPassive);

    public sealed record PolicyResult(string Policy, double MedianMsPerStep, double MedianCpuMsPerStep, double[] MsPerStepPerRun);

    private const int Repetitions = 3;

    public static Result Measure()
    {
        var samples = new Dictionary<string, List<TrainingStep.Sample>> { ["PASSIVE"] = [], ["ACTIVE"] = [] };
        for (var r = 0; r < Repetitions; r++)
            foreach (var (policy, list) in samples)
                list.Add(RunChild(policy));
        var passive = Summarise("PASSIVE", samples["PASSIVE"]);
        var active = Summarise("ACTIVE", samples["ACTIVE"]);
        return new Result(Repetitions, passive, active, active.MedianMsPerStep / passive.MedianMsPerStep);
    }

    private static PolicyResult Summarise(string policy, List<TrainingStep.Sample> runs) => new(policy,
        Statistics.Median(runs.Select(s => s.MsPerStep)), Statistics.Median(runs.Select(s => s.CpuMsPerStep)),
        runs.Select(s => Math.Round(s.MsPerStep, 2)).ToArray());

    // An inherited OMP_WAIT_POLICY would win over RT_OMP_WAIT_POLICY.
    private static TrainingStep.Sample RunChild(string policy) =>
        ChildProcess.Run<TrainingStep.Sample>([TrainingStep.ChildCommand], new Dictionary<string, string> { ["RT_OMP_WAIT_POLICY"] = policy }, ["OMP_WAIT_POLICY"]);
}
