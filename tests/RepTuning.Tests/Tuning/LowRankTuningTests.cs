using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tuning;
using Parameter = TorchSharp.Modules.Parameter;

namespace RepTuning.Tests.Tuning;

/// <summary>Training through rank-r adapters (<see cref="TuningOptions.LoraRank"/>) on the tiny random model.</summary>
public class LowRankTuningTests
{
    // Tune in at layer 1 over every prompt token through rank-2 adapters on V and O.
    private static readonly TuningOptions Fast = TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]) with
    {
        Position = TokenPosition.Prompt, LearningRate = 1e-2, WarmupSteps = 2, Epochs = 2, BatchSize = 4, EarlyStoppingPatience = 0, LoraRank = 2,
    };

    private static readonly IReadOnlyList<TuningExample> Retain =
        [.. TinyTuningModel.Examples(20).Skip(15).Select(e => e with { Answer = null })];

    public static TheoryData<string> Objectives => ["tune-in", "tune-out", "tune-out-squared", "token", "mixed", "reroute", "mse-preservation", "kl-preservation", "two-layers"];

    private static TuningOptions For(string objective) => objective switch
    {
        "tune-in" => Fast with { LoraAlpha = 3 }, // scale 1.5: the scale must reach the gradient
        "tune-out" => Fast with { Objective = TuningObjective.TuneOut },
        "tune-out-squared" => Fast with { Objective = TuningObjective.TuneOutSquared },
        "token" => Fast with { Objective = TuningObjective.Token, Direction = null },
        "mixed" => Fast with { TokenLossWeight = 0.5 },
        "reroute" => Fast with { Objective = TuningObjective.Reroute, Direction = null, RetainExamples = Retain },
        "mse-preservation" => Fast with { PreservationWeight = 1, PreservationLayers = [1, 2] },
        "kl-preservation" => Fast with { PreservationWeight = 1 },
        "two-layers" => Fast with { TunedLayers = [0, 1], Projections = TunedProjections.ValueOutput | TunedProjections.Up },
        _ => throw new ArgumentOutOfRangeException(nameof(objective)),
    };

    // B away from zero (at B = 0 the gradient of A vanishes), the same values on every call.
    private static void NonZeroB(IReadOnlyList<(string Name, Parameter Value)> tensors)
    {
        using var generator = new torch.Generator(11);
        foreach (var (name, value) in tensors.Where(t => t.Name.Contains(".lora_B.")))
            value.copy_(torch.randn(value.shape, generator: generator).to(value.dtype) * 0.2);
    }

    private static IEnumerable<Linear> Linears(LlamaModel model) => model.Layers.SelectMany(l => new[]
        { l.SelfAttention.QProj, l.SelfAttention.KProj, l.SelfAttention.VProj, l.SelfAttention.OProj, l.Mlp.GateProj, l.Mlp.UpProj, l.Mlp.DownProj });

    // Inference logits (grad mode off, as the frozen-base pass runs): CPU kernels differ by grad mode, so comparing
    // bit for bit needs one mode throughout.
    private static float[] Logits(LanguageModel lm)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var tokens = lm.Tokenizer.Encode("Once upon a time there was a cat").Select(i => (long)i).ToArray();
        return lm.Network.Forward(torch.tensor(tokens, [1, tokens.Length])).Logits!.ToArray<float>();
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Gradient_of_A_and_B_matches_finite_differences_in_float64(string objective)
    {
        using var lm = TinyTuningModel.Create(dtype: ScalarType.Float64);
        var options = For(objective);
        var examples = TinyTuningModel.Examples(3);
        var (_, grads) = TuningTestKit.LossAndGradients(lm, examples, options, prepare: NonZeroB);
        // The model's logits are float32 (so are the token and KL losses read from them): those differences need a
        // wider step and a looser tolerance; everything else is float64 through and through.
        var readsLogits = options.UsesTokenLoss || options.Preservation?.Kind == PreservationKind.NextTokenKl;
        var (eps, relative) = readsLogits ? (1e-3, 2e-2) : (1e-6, 1e-4);
        for (var tensor = 0; tensor < grads.Length; tensor++)
        {
            var element = (7 * tensor + 3) % grads[tensor].Length;
            double LossWith(double shift) => TuningTestKit.LossAndGradients(lm, examples, options, prepare: tensors =>
            {
                NonZeroB(tensors);
                var value = tensors[tensor].Value;
                var bump = new double[value.numel()];
                bump[element] = shift;
                using var delta = torch.tensor(bump, value.shape).to(value.dtype);
                value.add_(delta);
            }).Loss;
            var numeric = (LossWith(eps) - LossWith(-eps)) / (2 * eps);
            grads[tensor][element].Should().BeApproximately(numeric, (readsLogits ? 1e-4 : 1e-7) + relative * Math.Abs(numeric), $"tensor {tensor}, element {element}");
        }
        grads.Should().OnlyContain(g => g.Max(Math.Abs) > 0, "every A and B takes gradient once B is non-zero");
    }

    [Fact]
    public void At_initialisation_the_model_is_the_base_exactly_and_the_base_pass_never_sees_the_adapters()
    {
        using var lm = TinyTuningModel.Create();
        var before = Logits(lm);
        var selection = ParameterSelection.ForLayers([0, 1]);
        using (var trainable = TrainableTensors.Create(selection, lm.Network, Fast with { LoraRank = 4 }))
        {
            trainable.Tensors.Select(t => t.Name).Should().Equal(
                "model.layers.0.self_attn.v_proj.lora_A.weight", "model.layers.0.self_attn.v_proj.lora_B.weight",
                "model.layers.0.self_attn.o_proj.lora_A.weight", "model.layers.0.self_attn.o_proj.lora_B.weight",
                "model.layers.1.self_attn.v_proj.lora_A.weight", "model.layers.1.self_attn.v_proj.lora_B.weight",
                "model.layers.1.self_attn.o_proj.lora_A.weight", "model.layers.1.self_attn.o_proj.lora_B.weight");
            trainable.Tensors[0].Value.shape.Should().Equal(4, 16);
            trainable.Tensors[1].Value.shape.Should().Equal(8, 4);
            // Kaiming-uniform A, within nn.Linear's bound 1/sqrt(in), and zero B.
            trainable.Tensors[0].Value.abs().max().ToSingle().Should().BeLessThanOrEqualTo((float)(1 / Math.Sqrt(16)));
            trainable.Tensors[0].Value.abs().max().ToSingle().Should().BeGreaterThan(0);
            Logits(lm).Should().Equal(before, "B starts at zero");

            using (torch.no_grad()) NonZeroB(trainable.Tensors);
            Logits(lm).Should().NotEqual(before);
            using var frozen = new FrozenBase(trainable.Matrices, trainable.TrainsWeights);
            frozen.Run(() => Logits(lm)).Should().Equal(before, "the base pass runs without the adapters");
            Logits(lm).Should().NotEqual(before, "and puts them back");
        }
        Linears(lm.Network).Should().OnlyContain(l => l.Adapter == null);
        Logits(lm).Should().Equal(before);
    }

    [Fact]
    public void The_same_seed_draws_the_same_adapters_and_another_seed_others()
    {
        using var lm = TinyTuningModel.Create();
        float[] FirstA(int seed)
        {
            using var trainable = TrainableTensors.Create(ParameterSelection.ForLayers([1]), lm.Network, Fast with { Seed = seed });
            return trainable.Tensors[0].Value.data<float>().ToArray();
        }
        FirstA(42).Should().Equal(FirstA(42));
        FirstA(42).Should().NotEqual(FirstA(43));
    }

    [Fact]
    public void Training_with_the_lower_layer_cache_ends_with_the_same_adapters()
    {
        var examples = TinyTuningModel.Examples(8);
        Dictionary<string, Tensor> Train(TuningOptions options)
        {
            using var lm = TinyTuningModel.Create();
            using var delta = new RepresentationTuner().Train(lm, examples, options).Delta;
            return delta.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
        }
        var cached = Train(Fast with { CacheLowerLayers = true });
        var uncached = Train(Fast with { CacheLowerLayers = false });
        TuningTestKit.ShouldMatchAndDispose(cached, uncached, 1e-6f);
    }

    [Fact]
    public void Lora_tune_in_raises_the_target_cosine_as_full_tuning_does()
    {
        var examples = TinyTuningModel.Examples(12);
        var full = Fast with { LoraRank = 0, Epochs = 4 };
        double LossAfter(TuningOptions options)
        {
            using var lm = TinyTuningModel.Create();
            using var delta = new RepresentationTuner().Train(lm, examples, options).Delta;
            using var applied = delta.Apply(lm);
            return TuningTestKit.LossAndGradients(lm, examples, full).Loss;
        }
        double baseLoss;
        using (var lm = TinyTuningModel.Create()) baseLoss = TuningTestKit.LossAndGradients(lm, examples, full).Loss;
        var fullLoss = LossAfter(full);
        // Adapters start at zero effect and move through a product: LoRA takes a higher rate, as it usually does.
        var loraLoss = LossAfter(full with { LoraRank = 4, LearningRate = 5e-2 });
        fullLoss.Should().BeLessThan(baseLoss * 0.9);
        (baseLoss - loraLoss).Should().BeGreaterThan((baseLoss - fullLoss) / 2, $"(1 - cos)/2 went from {baseLoss} to {loraLoss} with LoRA, {fullLoss} with full matrices");
    }

    [Fact]
    public void Training_leaves_the_model_bit_identical_with_no_adapter_on_success_crash_and_cancellation()
    {
        using var lm = TinyTuningModel.Create();
        var before = TuningTestKit.Snapshot(lm.Network);
        var examples = TinyTuningModel.Examples(10);
        void Unchanged()
        {
            foreach (var (name, param) in lm.Network.NamedParameters())
            {
                param.Equals(before[name]).Should().BeTrue(name);
                param.requires_grad.Should().BeFalse(name);
            }
            Linears(lm.Network).Should().OnlyContain(l => l.Adapter == null);
        }
        try
        {
            using (var delta = new RepresentationTuner().Train(lm, examples, Fast).Delta)
            {
                delta.Tensors.Keys.Should().BeEquivalentTo(
                    "model.layers.1.self_attn.o_proj.lora_A.weight", "model.layers.1.self_attn.o_proj.lora_B.weight",
                    "model.layers.1.self_attn.v_proj.lora_A.weight", "model.layers.1.self_attn.v_proj.lora_B.weight");
                delta.Info.LoraRank.Should().Be(2);
                delta.Info.LoraAlpha.Should().Be(2, "alpha defaults to the rank");
                delta.Tensors["model.layers.1.self_attn.v_proj.lora_B.weight"].abs().max().ToSingle().Should().BeGreaterThan(0, "B has trained");
            }
            Unchanged();
            var crash = new SyncProgress<WorkProgress>(p => { if (p.Done == 2) throw new InvalidOperationException("simulated crash"); });
            FluentActions.Invoking(() => new RepresentationTuner().Train(lm, examples, Fast, crash)).Should().Throw<InvalidOperationException>();
            Unchanged();
            using var cts = new CancellationTokenSource();
            var cancel = new SyncProgress<WorkProgress>(p => { if (p.Done == 2) cts.Cancel(); });
            FluentActions.Invoking(() => new RepresentationTuner().Train(lm, examples, Fast, cancel, cts.Token)).Should().Throw<OperationCanceledException>();
            Unchanged();
        }
        finally { TuningTestKit.DisposeAll(before); }
    }

    [Theory]
    [InlineData(TuningObjective.TuneIn)]
    [InlineData(TuningObjective.Reroute)]
    public void Resumed_lora_run_ends_with_the_same_adapters_as_an_uninterrupted_one(TuningObjective objective)
    {
        using var dir = new TempDirectory();
        var examples = TinyTuningModel.Examples(15);
        var start = objective == TuningObjective.Reroute ? For("reroute") : Fast;
        var options = start with
        {
            CheckpointEvery = 3, CheckpointPath = dir.File("run.ckpt"), EarlyStoppingPatience = 2, EarlyStoppingMinSteps = 4, ValidationWindow = 2,
        };

        using var a = TinyTuningModel.Create();
        using var straight = new RepresentationTuner().Train(a, examples, options with { CheckpointPath = dir.File("other.ckpt") }).Delta;

        using var b = TinyTuningModel.Create();
        var crashAfter4 = new SyncProgress<WorkProgress>(p => { if (p.Done == 4) throw new InvalidOperationException("simulated crash"); });
        FluentActions.Invoking(() => new RepresentationTuner().Train(b, examples, options, crashAfter4)).Should().Throw<InvalidOperationException>();
        using (var checkpoint = SafetensorsFile.Open(dir.File("run.ckpt")))
            checkpoint.Tensors.Select(t => t.Name).Should().Contain("param/model.layers.1.self_attn.v_proj.lora_A.weight")
                .And.NotContain("param/model.layers.1.self_attn.v_proj.weight", "a LoRA checkpoint holds the adapters, not the frozen weights");

        using var c = TinyTuningModel.Create();
        var steps = new List<int>();
        using var resumed = new RepresentationTuner().Train(c, examples, options with { Resume = true }, new SyncProgress<WorkProgress>(p => steps.Add(p.Done))).Delta;
        steps.First().Should().Be(4);
        foreach (var (name, tensor) in straight.Tensors)
            resumed.Tensors[name].Equals(tensor).Should().BeTrue(name);
        straight.Save(dir.File("straight.safetensors"));
        resumed.Save(dir.File("resumed.safetensors"));
        File.ReadAllBytes(dir.File("resumed.safetensors")).Should().Equal(File.ReadAllBytes(dir.File("straight.safetensors")));
    }

    [Fact]
    public void A_full_matrix_checkpoint_does_not_resume_as_a_lora_run()
    {
        using var dir = new TempDirectory();
        var examples = TinyTuningModel.Examples(10);
        var full = Fast with { LoraRank = 0, CheckpointEvery = 1, CheckpointPath = dir.File("run.ckpt"), Epochs = 1 };
        using (var lm = TinyTuningModel.Create())
            new RepresentationTuner().Train(lm, examples, full).Delta.Dispose();
        using var again = TinyTuningModel.Create();
        FluentActions.Invoking(() => new RepresentationTuner().Train(again, examples, full with { LoraRank = 2, Resume = true }))
            .Should().Throw<CheckpointFormatException>().WithMessage("*other data, target or options*");
    }

    [Fact]
    public void Lora_settings_are_part_of_the_settings_and_absent_for_full_runs()
    {
        var full = Fast with { LoraRank = 0 };
        full.SettingsJson().Should().NotContain("Lora");
        Fast.SettingsJson().Should().Contain("\"LoraRank\":2").And.Contain("\"LoraAlpha\":2");
        (Fast with { LoraAlpha = 2 }).SettingsJson().Should().Be(Fast.SettingsJson(), "alpha = rank is the default spelled out");
        (Fast with { LoraAlpha = 4 }).SettingsJson().Should().Contain("\"LoraAlpha\":4");
        (Fast with { LoraRank = 3 }).SettingsJson().Should().NotBe(Fast.SettingsJson());
    }

    [Fact]
    public void A_rank_larger_than_a_tuned_matrix_is_a_clear_error_that_attaches_nothing()
    {
        using var lm = TinyTuningModel.Create();
        // v_proj of the tiny model is (8, 16): rank 9 exceeds it, though it fits o_proj (16, 16).
        FluentActions.Invoking(() => new RepresentationTuner().Train(lm, TinyTuningModel.Examples(4), Fast with { LoraRank = 9 }))
            .Should().Throw<ArgumentException>().WithMessage("*LoraRank 9 exceeds min(in, out) = 8 of model.layers.1.self_attn.v_proj.weight*")
            .Which.ParamName.Should().Be("LoraRank");
        Linears(lm.Network).Should().OnlyContain(l => l.Adapter == null);
    }

    [Fact]
    public void Lora_options_are_validated_naming_the_property()
    {
        void Rejects(TuningOptions options, string property, string message) =>
            FluentActions.Invoking(options.Validate).Should().Throw<ArgumentException>().WithMessage(message).Which.ParamName.Should().Be(property);
        Rejects(Fast with { LoraRank = -1 }, "LoraRank", "*LoraRank*");
        Rejects(Fast with { LoraRank = 0, LoraAlpha = 8 }, "LoraAlpha", "*set LoraRank*");
        Rejects(Fast with { LoraAlpha = double.NaN }, "LoraAlpha", "*LoraAlpha must be a finite number > 0*");
        Rejects(Fast with { LoraAlpha = 0 }, "LoraAlpha", "*> 0*");
    }
}
