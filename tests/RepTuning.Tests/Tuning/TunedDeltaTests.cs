using RepTuning.Models;
using RepTuning.Models.Loading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class TunedDeltaTests
{
    private static readonly TuningOptions Fast = TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]) with
    {
        LearningRate = 1e-2, WarmupSteps = 0, Epochs = 1, BatchSize = 4, EarlyStoppingPatience = 0,
    };

    private static TunedDelta Tune(LanguageModel lm) => new RepresentationTuner().Train(lm, TinyTuningModel.Examples(8), Fast).Delta;

    private static float[] Logits(LanguageModel lm)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = lm.Tokenizer.Encode("Once upon a time there was a cat").Select(i => (long)i).ToArray();
        var ids = torch.tensor(tokens, [1, tokens.Length]);
        return lm.Network.Forward(ids).Logits!.ToArray<float>();
    }

    [Fact]
    public void Saved_delta_applied_to_a_fresh_base_reproduces_the_tuned_model_exactly()
    {
        using var dir = new TempDirectory();
        using var tunedModel = TinyTuningModel.Create();
        using var delta = Tune(tunedModel);
        delta.Save(dir.File("delta.safetensors"));
        using var applied = delta.Apply(tunedModel);

        using var loaded = TunedDelta.Load(dir.File("delta.safetensors"));
        loaded.Tensors.Keys.Should().BeEquivalentTo(["model.layers.1.self_attn.o_proj.weight", "model.layers.1.self_attn.v_proj.weight"]);
        loaded.Info.Layers.Should().Equal(1);
        loaded.Info.BaseModelId.Should().Be("tiny-7");
        loaded.Info.VectorHash.Should().NotBeEmpty();
        loaded.Info.HyperParameters.Should().Contain("\"LearningRate\":0.01");
        double.IsFinite(loaded.Info.FinalLoss).Should().BeTrue();

        using var fresh = TinyTuningModel.Create();
        Logits(fresh).Should().NotEqual(Logits(tunedModel));
        using var freshApplied = loaded.Apply(fresh);
        Logits(fresh).Should().Equal(Logits(tunedModel));
        FluentActions.Invoking(() => loaded.Apply(fresh)).Should().Throw<DeltaMismatchException>().WithMessage("*already-tuned*");
    }

    [Fact]
    public void Delta_for_another_base_fails_and_changes_nothing()
    {
        using var tunedModel = TinyTuningModel.Create();
        using var delta = Tune(tunedModel);
        using var other = TinyTuningModel.Create(seed: 8);
        var before = Logits(other);
        FluentActions.Invoking(() => delta.Apply(other)).Should().Throw<DeltaMismatchException>().WithMessage("*not the base*");
        Logits(other).Should().Equal(before);
        using var stories = LanguageModel.Load(TestModels.Stories15MPath);
        FluentActions.Invoking(() => delta.Apply(stories)).Should().Throw<DeltaMismatchException>().WithMessage("*shape*");
    }

    [Fact]
    public void Apply_tunes_the_model_in_scope_and_disposing_restores_the_exact_weights()
    {
        using var model = TinyTuningModel.Create();
        var before = TuningTestKit.Snapshot(model.Network);
        try
        {
            var baseLogits = Logits(model);
            using var delta = Tune(model);
            Logits(model).Should().Equal(baseLogits, "training leaves the model as it was");
            var applied = delta.Apply(model);
            Logits(model).Should().NotEqual(baseLogits);
            foreach (var (name, tuned) in delta.Tensors) model.Network.NamedParameters()[name].Equals(tuned).Should().BeTrue(name);
            FluentActions.Invoking(() => delta.Apply(model)).Should().Throw<DeltaMismatchException>().WithMessage("*already-tuned*");
            applied.Dispose();
            applied.Dispose();
            foreach (var (name, param) in model.Network.NamedParameters()) param.Equals(before[name]).Should().BeTrue(name);
            Logits(model).Should().Equal(baseLogits);
        }
        finally { TuningTestKit.DisposeAll(before); }
    }

    [Fact]
    public void Merged_export_loads_back_as_the_tuned_model()
    {
        using var dir = new TempDirectory();
        using var tunedModel = TinyTuningModel.Create();
        using var delta = Tune(tunedModel);
        using var applied = delta.Apply(tunedModel);
        HfModelExporter.Export(tunedModel, Path.Combine(dir.Path, "merged"));
        using var reloaded = LanguageModel.Load(Path.Combine(dir.Path, "merged"));
        reloaded.Tokenizer.Encode("Once upon a time").Should().Equal(tunedModel.Tokenizer.Encode("Once upon a time"));
        Logits(reloaded).Should().Equal(Logits(tunedModel));
    }
}
