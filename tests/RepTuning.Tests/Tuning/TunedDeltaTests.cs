using RepTuning.Models;
using RepTuning.Models.Loading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class TunedDeltaTests
{
    private static readonly TrainingOptions Fast = new() { LearningRate = 1e-2, WarmupSteps = 0, Epochs = 1, BatchSize = 4, EarlyStoppingPatience = 0 };

    private static TunedDelta Tune(LanguageModel lm) =>
        new RepresentationTrainer().Train(lm, TinyTuningModel.Examples(8),
            TuningTarget.Create(TinyTuningModel.Vector(), lm.Network.Config, [1], TuningPosition.LastPromptToken), null, Fast).Delta;

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
        using (var delta = Tune(tunedModel)) delta.Save(dir.File("delta.safetensors"));

        using var loaded = TunedDelta.Load(dir.File("delta.safetensors"));
        loaded.Tensors.Keys.Should().BeEquivalentTo(["model.layers.1.self_attn.o_proj.weight", "model.layers.1.self_attn.v_proj.weight"]);
        loaded.Info.Layers.Should().Equal(1);
        loaded.Info.BaseModelId.Should().Be("tiny-7");
        loaded.Info.VectorHash.Should().NotBeEmpty();
        loaded.Info.HyperParameters.Should().Contain("\"LearningRate\":0.01");
        double.IsFinite(loaded.Info.FinalLoss).Should().BeTrue();

        using var fresh = TinyTuningModel.Create();
        Logits(fresh).Should().NotEqual(Logits(tunedModel));
        loaded.ApplyTo(fresh.Network);
        Logits(fresh).Should().Equal(Logits(tunedModel));
        FluentActions.Invoking(() => loaded.ApplyTo(fresh.Network)).Should().Throw<DeltaMismatchException>().WithMessage("*already-tuned*");
    }

    [Fact]
    public void Delta_for_another_base_fails_and_changes_nothing()
    {
        using var tunedModel = TinyTuningModel.Create();
        using var delta = Tune(tunedModel);
        using var other = TinyTuningModel.Create(seed: 8);
        var before = Logits(other);
        FluentActions.Invoking(() => delta.ApplyTo(other.Network)).Should().Throw<DeltaMismatchException>().WithMessage("*not the base*");
        Logits(other).Should().Equal(before);
        using var stories = LanguageModel.Load(TestModels.Stories15MPath);
        FluentActions.Invoking(() => delta.ApplyTo(stories.Network)).Should().Throw<DeltaMismatchException>().WithMessage("*shape*");
    }

    [Fact]
    public void Merged_export_loads_back_as_the_tuned_model()
    {
        using var dir = new TempDirectory();
        using var tunedModel = TinyTuningModel.Create();
        using (Tune(tunedModel)) { }
        HfModelExporter.Export(tunedModel, Path.Combine(dir.Path, "merged"));
        using var reloaded = LanguageModel.Load(Path.Combine(dir.Path, "merged"));
        reloaded.Tokenizer.Encode("Once upon a time").Should().Equal(tunedModel.Tokenizer.Encode("Once upon a time"));
        Logits(reloaded).Should().Equal(Logits(tunedModel));
    }
}
