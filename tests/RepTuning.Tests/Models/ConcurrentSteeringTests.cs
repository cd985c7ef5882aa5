using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Models;

/// <summary>
/// Steering and hooks belong to the thread or async flow that adds them: concurrent generations on one shared
/// model, with different steering or none, each produce exactly the tokens they produce alone.
/// </summary>
public class ConcurrentSteeringTests
{
    private const int Rounds = 3;
    private static readonly GenerationOptions Options = GenerationOptions.Greedy with { MaxNewTokens = 16, StopAtEos = false };
    private static IReadOnlyList<int> Prompt => Model.Tokenizer.Encode("Once upon a time", addBos: true);

    // Two different steerings and none.
    private static readonly Intervention[][] Settings =
    [
        [new Intervention(RandomVector(41), [2]) { Multiplier = 4 }],
        [new Intervention(RandomVector(42), [4]) { Multiplier = 4, Operator = SteeringOperator.NormPreservingAdd }],
        [],
    ];

    private static int[] Generate() => TextGeneration.Generate(Network, [Prompt], Options)[0];

    private static IDisposable? Steer(int setting) => Settings[setting].Length == 0 ? null : Model.Steer(Settings[setting]);

    private static int[] GenerateAlone(int setting)
    {
        using var steering = Steer(setting);
        return Generate();
    }

    /// <summary>Each setting's tokens when nothing else runs; the three differ, so a leak between them would show.</summary>
    private static int[][] Alone()
    {
        var alone = Enumerable.Range(0, Settings.Length).Select(GenerateAlone).ToArray();
        alone[0].Should().NotEqual(alone[1]);
        alone[0].Should().NotEqual(alone[2]);
        alone[1].Should().NotEqual(alone[2]);
        return alone;
    }

    private static void ShouldMatch(int[][][] results, int[][] alone)
    {
        for (var s = 0; s < Settings.Length; s++)
            results[s].Should().HaveCount(Rounds).And.AllSatisfy(tokens => tokens.Should().Equal(alone[s], $"setting {s} alone"));
        HookRegistry.Count(Network).Should().Be(0);
    }

    [Fact]
    public async Task Generations_on_concurrent_threads_each_produce_what_they_produce_alone()
    {
        var alone = Alone();
        using var start = new Barrier(Settings.Length);
        var threads = Enumerable.Range(0, Settings.Length).Select(s => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            // Steering starts and ends every round, while the other threads are mid-generation.
            return Enumerable.Range(0, Rounds).Select(_ => GenerateAlone(s)).ToArray();
        }, TaskCreationOptions.LongRunning)).ToArray();
        ShouldMatch(await Task.WhenAll(threads), alone);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Interleaved_async_flows_each_produce_what_they_produce_alone(bool oneThread)
    {
        var alone = Alone();
        var threadIds = new HashSet<int>();
        async Task<int[][]> Flow(int setting)
        {
            using var steering = Steer(setting);
            var runs = new List<int[]>();
            for (var i = 0; i < Rounds; i++)
            {
                await Task.Yield(); // the other flows run here, inside this one's steering scope
                lock (threadIds) threadIds.Add(Environment.CurrentManagedThreadId);
                runs.Add(Generate());
            }
            return [.. runs];
        }
        int[][][] results = [];
        async Task All() => results = await Task.WhenAll(Enumerable.Range(0, Settings.Length).Select(Flow));
        if (oneThread) SingleThreadContext.Run(All);
        else await Task.Run(All);
        ShouldMatch(results, alone);
        if (oneThread) threadIds.Should().HaveCount(1, "the flows interleave on one thread, so only the flow can tell them apart");
    }

    [Fact]
    public void A_hook_is_seen_in_its_flow_and_tasks_started_there_and_nowhere_else()
    {
        var seen = 0;
        int Passes(Action run)
        {
            var before = Volatile.Read(ref seen);
            run();
            return Volatile.Read(ref seen) - before;
        }
        static void Pass()
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.no_grad();
            Network.Forward(torch.tensor(new long[] { 1, 9038, 2501 }, [1, 3])).Dispose();
        }
        using var go = new ManualResetEventSlim();
        var before = Task.Factory.StartNew(() => { go.Wait(); Pass(); }, TaskCreationOptions.LongRunning); // started before the hook
        using (Model.Hook(HookSite.ResidPost(0), _ => { Interlocked.Increment(ref seen); }))
        {
            Passes(Pass).Should().Be(1);
            Passes(() => Task.Run(Pass).Wait()).Should().Be(1, "a task started inside the scope inherits the flow");
            Passes(() =>
            {
                go.Set();
                before.Wait();
            }).Should().Be(0, "a thread started before the hook is another flow");
            Passes(() =>
            {
                using (ExecutionContext.SuppressFlow()) Task.Run(Pass).Wait();
            }).Should().Be(0, "a task that does not inherit the flow");
        }
        Passes(Pass).Should().Be(0, "disposal removes the hook");
    }

    [Fact]
    public void A_hook_in_one_async_flow_is_not_seen_by_another_on_the_same_thread()
    {
        var seen = new List<string>();
        var hooked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        static void Pass()
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.no_grad();
            Network.Forward(torch.tensor(new long[] { 1, 9038, 2501 }, [1, 3])).Dispose();
        }
        async Task Hooking()
        {
            using (Model.Hook(HookSite.ResidPost(0), _ => seen.Add("hook of A")))
            {
                hooked.SetResult();
                await otherDone.Task;
                Pass();
            }
        }
        async Task Other()
        {
            await hooked.Task;
            Pass(); // while A's hook is active
            otherDone.SetResult();
        }
        SingleThreadContext.Run(() => Task.WhenAll(Hooking(), Other()));
        seen.Should().Equal(["hook of A"], "B ran its pass first, without A's hook");
        HookRegistry.Count(Network).Should().Be(0);
    }
}
