using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>Exactness and robustness of the trainer on the tiny random model.</summary>
public class RepresentationTunerTests
{
    // Tune in at layer 1 over every prompt token.
    private static readonly TuningOptions Fast = TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]) with
    {
        Position = TokenPosition.Prompt, LearningRate = 1e-2, WarmupSteps = 2, Epochs = 2, BatchSize = 4, EarlyStoppingPatience = 0,
    };

    private static TuningOptions At(int[] tunedLayers, int[] targetLayers, string position) =>
        TuningOptions.TuneIn(TinyTuningModel.Vector(), targetLayers) with { TunedLayers = tunedLayers, Position = TokenPosition.Parse(position) };

    private sealed class LanguageModelHandle(ScalarType dtype = ScalarType.Float32) : IDisposable
    {
        public RepTuning.LanguageModel Model { get; } = TinyTuningModel.Create(dtype: dtype);
        public void Dispose() => Model.Dispose();
    }

    [Theory]
    [InlineData(new[] { 0, 1 }, new[] { 1 }, "prompt")]
    [InlineData(new[] { 1 }, new[] { 1 }, "offset:-1")]
    [InlineData(new[] { 1 }, new[] { 1, 2 }, "prompt")]
    public void Early_exit_equals_the_full_forward_in_loss_and_gradients(int[] tunedLayers, int[] targetLayers, string position)
    {
        using var m = new LanguageModelHandle();
        var options = At(tunedLayers, targetLayers, position);
        var examples = TinyTuningModel.Examples(4);
        var fast = TuningTestKit.LossAndGradients(m.Model, examples, options with { EarlyExit = true });
        var full = TuningTestKit.LossAndGradients(m.Model, examples, options with { EarlyExit = false });
        fast.Loss.Should().BeApproximately(full.Loss, 1e-5);
        for (var i = 0; i < fast.Grads.Length; i++)
        {
            full.Grads[i].Max(Math.Abs).Should().BeGreaterThan(0, "a tuned tensor must receive gradient");
            fast.Grads[i].Zip(full.Grads[i], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5);
        }
    }

    // With V/O tuned the cache also keeps the lowest tuned layer's attention probabilities; with Q/K too it cannot.
    [Theory]
    [InlineData(new[] { 1 }, new[] { 1 }, "prompt", TunedProjections.ValueOutput)]
    [InlineData(new[] { 1 }, new[] { 1, 2 }, "offset:-1", TunedProjections.ValueOutput)]
    [InlineData(new[] { 1 }, new[] { 1, 2 }, "prompt", TunedProjections.All)]
    public void Cached_lower_layers_equal_the_full_forward_in_loss_and_gradients(int[] tunedLayers, int[] targetLayers, string position, TunedProjections projections)
    {
        using var m = new LanguageModelHandle();
        var options = At(tunedLayers, targetLayers, position) with { Projections = projections };
        var examples = TinyTuningModel.Examples(4);
        // The second pass starts at the lowest tuned layer from the cached activations of the first.
        var cached = TuningTestKit.LossAndGradients(m.Model, examples, options with { CacheLowerLayers = true }, passes: 2);
        var full = TuningTestKit.LossAndGradients(m.Model, examples, options with { EarlyExit = false });
        cached.Loss.Should().BeApproximately(full.Loss, 1e-5);
        for (var i = 0; i < cached.Grads.Length; i++)
            cached.Grads[i].Zip(full.Grads[i], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5);
    }

    // Two thirds of what every example's cached row would take: the cache admits some examples, not all, so
    // some batches start from it and others (holding an example outside it) run from layer 0.
    private static long PartialBudget(IReadOnlyList<TuningExample> examples) =>
        examples.Sum(e => (long)EncodedExample.Encode(TestModels.Stories15M.Tokenizer, e, null, TokenPosition.Prompt).Ids.Length) * TinyTuningModel.Hidden * sizeof(float) * 2 / 3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_with_the_lower_layer_cache_ends_with_the_same_weights(bool partialBudget)
    {
        var examples = TinyTuningModel.Examples(8);
        var cached = Fast with { LowerLayerCacheBytes = partialBudget ? PartialBudget(examples) : Fast.LowerLayerCacheBytes };
        Dictionary<string, Tensor> Train(TuningOptions options)
        {
            using var m = new LanguageModelHandle();
            using var delta = new RepresentationTuner().Train(m.Model, examples, options).Delta;
            return delta.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
        }
        var with = Train(cached);
        var without = Train(Fast with { CacheLowerLayers = false });
        TuningTestKit.ShouldMatchAndDispose(with, without, 1e-6f);
    }

    [Theory]
    [InlineData(TuningObjective.TuneIn, "model.layers.1.self_attn.v_proj.weight")]
    [InlineData(TuningObjective.TuneOut, "model.layers.1.self_attn.o_proj.weight")]
    public void Cosine_loss_gradient_matches_finite_differences_in_float64(TuningObjective objective, string name)
    {
        using var m = new LanguageModelHandle(ScalarType.Float64);
        var options = Fast with { Objective = objective };
        var examples = TinyTuningModel.Examples(3);
        var (_, grads) = TuningTestKit.LossAndGradients(m.Model, examples, options);
        var index = ParameterSelection.ForLayers([1]).Resolve(m.Model.Network).Select(p => p.Name).ToList().IndexOf(name);
        var weight = m.Model.Network.NamedParameters()[name];
        const double eps = 1e-6;
        foreach (var element in new[] { 0, 5, 17 })
        {
            double LossWith(double shift)
            {
                var bump = new double[weight.numel()];
                bump[element] = shift;
                using var delta = torch.tensor(bump, weight.shape);
                using (torch.no_grad()) weight.add_(delta);
                var loss = TuningTestKit.LossAndGradients(m.Model, examples, options).Loss;
                using (torch.no_grad()) weight.sub_(delta);
                return loss;
            }
            var numeric = (LossWith(eps) - LossWith(-eps)) / (2 * eps);
            grads[index][element].Should().BeApproximately(numeric, 1e-6 + 1e-4 * Math.Abs(numeric));
        }
    }

    [Fact]
    public void Training_leaves_the_model_bit_identical_and_the_delta_holds_the_changed_tensors()
    {
        using var m = new LanguageModelHandle();
        var before = TuningTestKit.Snapshot(m.Model.Network);
        try
        {
            using var delta = new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(10), Fast).Delta;
            delta.Tensors.Keys.Should().BeEquivalentTo(["model.layers.1.self_attn.v_proj.weight", "model.layers.1.self_attn.o_proj.weight"]);
            foreach (var (name, tuned) in delta.Tensors) tuned.Equals(before[name]).Should().BeFalse(name);
            foreach (var (name, param) in m.Model.Network.NamedParameters())
            {
                param.Equals(before[name]).Should().BeTrue(name);
                param.requires_grad.Should().BeFalse("training leaves the model frozen");
            }
        }
        finally { TuningTestKit.DisposeAll(before); }
    }

    [Fact]
    public void An_interrupted_run_also_leaves_the_model_as_it_was()
    {
        using var m = new LanguageModelHandle();
        var before = TuningTestKit.Snapshot(m.Model.Network);
        try
        {
            using var cts = new CancellationTokenSource();
            var stopAfter2 = new SyncProgress<WorkProgress>(p => { if (p.Done == 2) cts.Cancel(); });
            FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(15), Fast, stopAfter2, cts.Token))
                .Should().Throw<OperationCanceledException>();
            foreach (var (name, param) in m.Model.Network.NamedParameters()) param.Equals(before[name]).Should().BeTrue(name);
        }
        finally { TuningTestKit.DisposeAll(before); }
    }

    [Fact]
    public void Progress_is_one_work_progress_per_step_with_the_losses()
    {
        using var m = new LanguageModelHandle();
        var reports = new List<WorkProgress>();
        using var delta = new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(10), Fast, new SyncProgress<WorkProgress>(reports.Add)).Delta;
        // 10 examples: 8 train in 2 batches of 4, 2 epochs.
        reports.Select(p => (p.Done, p.Total, p.Unit, p.Epoch)).Should().Equal((1, 4, "steps", 0), (2, 4, "steps", 0), (3, 4, "steps", 1), (4, 4, "steps", 1));
        reports.Should().OnlyContain(p => p.Loss > 0 && p.ValidationLoss > 0 && p.LearningRate >= 0);
    }

    [Fact]
    public void The_token_baseline_needs_no_direction_and_tunes_the_same_projections()
    {
        using var m = new LanguageModelHandle();
        using var delta = new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(8), TuningOptions.Token([1]) with { LearningRate = 1e-2, WarmupSteps = 0, Epochs = 1 }).Delta;
        delta.Tensors.Keys.Should().BeEquivalentTo(["model.layers.1.self_attn.v_proj.weight", "model.layers.1.self_attn.o_proj.weight"]);
        delta.Info.VectorHash.Should().BeEmpty();
    }

    [Fact]
    public void Options_are_validated_once_naming_the_property()
    {
        using var m = new LanguageModelHandle();
        var examples = TinyTuningModel.Examples(4);
        void Rejects(TuningOptions options, string property) =>
            FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, examples, options)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be(property);
        Rejects(Fast with { Direction = null }, nameof(TuningOptions.Direction));
        Rejects(TuningOptions.Token([1]) with { Direction = TinyTuningModel.Vector() }, nameof(TuningOptions.Direction));
        Rejects(Fast with { Layers = [] }, nameof(TuningOptions.Layers));
        Rejects(Fast with { Projections = TunedProjections.None }, nameof(TuningOptions.Projections));
        Rejects(Fast with { BatchSize = 0 }, nameof(TuningOptions.BatchSize));
        Rejects(TuningOptions.Token([1]) with { TokenLossWeight = 0.01 }, nameof(TuningOptions.TokenLossWeight));
    }

    [Fact]
    public void A_position_outside_a_prompt_is_an_error_before_any_step()
    {
        using var m = new LanguageModelHandle();
        FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(4), Fast with { Position = TokenPosition.Offset(-500) }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*offset:-500*prompt of *tokens*");
    }

    [Theory]
    [InlineData(false, TuningObjective.TuneIn)]
    [InlineData(true, TuningObjective.TuneIn)]
    [InlineData(true, TuningObjective.Reroute)]
    public void Resumed_run_ends_with_the_same_weights_as_an_uninterrupted_one(bool partialCacheBudget, TuningObjective objective)
    {
        using var dir = new TempDirectory();
        var examples = TinyTuningModel.Examples(15);
        // Rerouting's retain rows follow the step: 5 of them, 4 a step, so they wrap around mid-run.
        var start = objective == TuningObjective.Reroute
            ? Fast with { Objective = objective, Direction = null, RetainExamples = [.. TinyTuningModel.Examples(20).Skip(15).Select(e => e with { Answer = null })] }
            : Fast;
        var options = start with
        {
            CheckpointEvery = 3, CheckpointPath = dir.File("run.ckpt"), EarlyStoppingPatience = 2, EarlyStoppingMinSteps = 4, ValidationWindow = 2,
            LowerLayerCacheBytes = partialCacheBudget ? PartialBudget(examples) : Fast.LowerLayerCacheBytes,
        };

        using var a = new LanguageModelHandle();
        using var straight = new RepresentationTuner().Train(a.Model, examples, options with { CheckpointPath = dir.File("other.ckpt") }).Delta;

        // A crash (not a cancellation, which saves its own checkpoint) after step 4 leaves the periodic checkpoint of step 3.
        using var b = new LanguageModelHandle();
        var crashAfter4 = new SyncProgress<WorkProgress>(p => { if (p.Done == 4) throw new SimulatedCrashException(); });
        FluentActions.Invoking(() => new RepresentationTuner().Train(b.Model, examples, options, crashAfter4))
            .Should().Throw<SimulatedCrashException>();

        using var c = new LanguageModelHandle();
        var steps = new List<int>();
        var result = new RepresentationTuner().Train(c.Model, examples, options with { Resume = true },
            new SyncProgress<WorkProgress>(p => steps.Add(p.Done)));
        using var resumed = result.Delta;
        steps.First().Should().Be(4, "the checkpoint of step 3 is where the run picks up");
        foreach (var (name, tensor) in straight.Tensors)
            resumed.Tensors[name].Equals(tensor).Should().BeTrue(name);
        // The saved files too: neither the resume flag nor the checkpoint's path is part of the delta.
        straight.Save(dir.File("straight.safetensors"));
        resumed.Save(dir.File("resumed.safetensors"));
        File.ReadAllBytes(dir.File("resumed.safetensors")).Should().Equal(File.ReadAllBytes(dir.File("straight.safetensors")));
    }

    private sealed class SimulatedCrashException : Exception;

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 5)]
    [InlineData(3, 6)] // the periodic checkpoint already holds step 6, at an epoch boundary
    public void Cancelling_saves_the_last_completed_step_and_resuming_matches_an_uninterrupted_run(int checkpointEvery, int cancelAt)
    {
        using var dir = new TempDirectory();
        var examples = TinyTuningModel.Examples(15);
        // 15 examples: 12 train in 3 batches of 4, so 9 steps over 3 epochs.
        var options = Fast with { Epochs = 3, CheckpointEvery = checkpointEvery, CheckpointPath = dir.File("run.ckpt"), EarlyStoppingPatience = 0 };

        using var a = new LanguageModelHandle();
        using var straight = new RepresentationTuner().Train(a.Model, examples, options with { CheckpointPath = dir.File("other.ckpt") }).Delta;

        // Cancelled from the progress callback of step cancelAt: that step is complete.
        using var b = new LanguageModelHandle();
        using var cts = new CancellationTokenSource();
        var stop = new SyncProgress<WorkProgress>(p => { if (p.Done == cancelAt) cts.Cancel(); });
        var interrupted = FluentActions.Invoking(() => new RepresentationTuner().Train(b.Model, examples, options, stop, cts.Token))
            .Should().Throw<TrainingInterruptedException>().Which;
        interrupted.Step.Should().Be(cancelAt);
        interrupted.CheckpointPath.Should().Be(dir.File("run.ckpt"));
        interrupted.CancellationToken.Should().Be(cts.Token);
        File.Exists(dir.File("run.ckpt")).Should().BeTrue();
        Directory.GetFiles(dir.Path).Should().NotContain(f => f.EndsWith(".tmp", StringComparison.Ordinal), "the save is atomic");

        using var c = new LanguageModelHandle();
        var steps = new List<int>();
        using var resumed = new RepresentationTuner().Train(c.Model, examples, options with { Resume = true },
            new SyncProgress<WorkProgress>(p => steps.Add(p.Done))).Delta;
        steps.First().Should().Be(cancelAt + 1, "the checkpoint holds the step during which the run was cancelled");
        straight.Save(dir.File("straight.safetensors"));
        resumed.Save(dir.File("resumed.safetensors"));
        File.ReadAllBytes(dir.File("resumed.safetensors")).Should().Equal(File.ReadAllBytes(dir.File("straight.safetensors")));
    }

    [Fact]
    public void Cancelling_without_a_checkpoint_path_or_before_the_first_step_saves_nothing()
    {
        using var dir = new TempDirectory();
        var examples = TinyTuningModel.Examples(15);
        using var a = new LanguageModelHandle();
        using var cts = new CancellationTokenSource();
        var stopAfter2 = new SyncProgress<WorkProgress>(p => { if (p.Done == 2) cts.Cancel(); });
        FluentActions.Invoking(() => new RepresentationTuner().Train(a.Model, examples, Fast, stopAfter2, cts.Token))
            .Should().Throw<OperationCanceledException>().Which.Should().NotBeOfType<TrainingInterruptedException>();

        using var b = new LanguageModelHandle();
        FluentActions.Invoking(() => new RepresentationTuner().Train(b.Model, examples, Fast with { CheckpointPath = dir.File("run.ckpt") },
                null, new CancellationToken(canceled: true)))
            .Should().Throw<OperationCanceledException>().Which.Should().NotBeOfType<TrainingInterruptedException>();
        File.Exists(dir.File("run.ckpt")).Should().BeFalse("no step completed, so there is nothing to resume");
    }

    [Fact]
    public void Resume_without_a_checkpoint_is_an_error_naming_the_path()
    {
        using var dir = new TempDirectory();
        using var m = new LanguageModelHandle();
        var options = Fast with { Resume = true, CheckpointPath = dir.File("missing.ckpt") };
        FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(4), options))
            .Should().Throw<FileNotFoundException>().WithMessage("*missing.ckpt*");
    }

    [Fact]
    public void Nan_learning_rate_is_rejected_up_front_and_leaves_the_checkpoint_alone()
    {
        using var dir = new TempDirectory();
        var path = dir.File("run.ckpt");
        File.WriteAllText(path, "previous");
        using var m = new LanguageModelHandle();
        FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(8), Fast with { LearningRate = double.NaN, CheckpointEvery = 1, CheckpointPath = path }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*LearningRate*finite*");
        File.ReadAllText(path).Should().Be("previous");
    }

    [Fact]
    public void Diverging_run_throws_clearly_and_keeps_the_last_good_checkpoint()
    {
        using var dir = new TempDirectory();
        var path = dir.File("run.ckpt");
        using var m = new LanguageModelHandle();
        // Warm-up makes step 1's lr zero (a good checkpoint), then 1e30 blows the weights up.
        var options = Fast with { LearningRate = 1e30, WarmupSteps = 10, WeightDecay = 0, CheckpointEvery = 1, CheckpointPath = path, MaxGradNorm = 1e30 };
        FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(16), options))
            .Should().Throw<TrainingDivergedException>().WithMessage("*learning rate*");
        using var checkpoint = SafetensorsFile.Open(path);
        checkpoint.Metadata["state"].Should().Contain("\"Step\":1");
        foreach (var entry in checkpoint.Tensors.Where(e => e.Name.StartsWith("param/", StringComparison.Ordinal)))
            checkpoint.ReadFloat32(entry.Name).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Early_stopping_ends_the_run_once_the_running_validation_mean_stalls()
    {
        using var m = new LanguageModelHandle();
        // A vanishing lr leaves the weights (hence the validation loss) unchanged: the mean never improves after it first fills.
        var stalled = Fast with
        {
            WarmupSteps = 10,
            LearningRate = 1e-30, Epochs = 5, BatchSize = 2, TrainFraction = 0.6, ValidationWindow = 2,
            EarlyStoppingPatience = 2, EarlyStoppingMinSteps = 4,
        };
        var examples = TinyTuningModel.Examples(10); // 6 train (3 batches), 4 validate (2 alternating batches: a constant window mean)
        var stopped = new RepresentationTuner().Train(m.Model, examples, stalled);
        stopped.Delta.Dispose();
        stopped.StoppedEarly.Should().BeTrue();
        stopped.Steps.Should().Be(4, "the window fills at step 2 (best), then steps 3 and 4 bring no improvement");
        var full = new RepresentationTuner().Train(m.Model, examples, stalled with { EarlyStoppingPatience = 0 });
        full.Delta.Dispose();
        full.StoppedEarly.Should().BeFalse();
        full.Steps.Should().Be(5 * 3);
    }

    [Fact]
    public void Vector_of_the_wrong_width_or_missing_layer_is_rejected()
    {
        FluentActions.Invoking(() => TuningTarget.From(Fast with { Direction = TinyTuningModel.Vector(hidden: 24) }, TinyTuningModel.Config))
            .Should().Throw<VectorMismatchException>().WithMessage("*hidden size 24*");
        var partial = TinyTuningModel.Vector().WithLayers([0]);
        FluentActions.Invoking(() => TuningTarget.From(Fast with { Direction = partial }, TinyTuningModel.Config))
            .Should().Throw<VectorMismatchException>().WithMessage("*no direction for target layer 1*");
    }

    [Fact]
    public void Target_below_every_tuned_layer_is_rejected()
    {
        using var m = new LanguageModelHandle();
        FluentActions.Invoking(() => new RepresentationTuner().Train(m.Model, TinyTuningModel.Examples(4), Fast with { Layers = [0], TunedLayers = [2] }))
            .Should().Throw<ArgumentException>().WithMessage("*below every tuned layer*");
    }
}
