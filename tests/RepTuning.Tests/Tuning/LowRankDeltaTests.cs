using RepTuning.Models;
using RepTuning.Models.Loading;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>The delta of a LoRA run: adapters under PEFT names, a small file, merged by Apply as the attached adapters compute.</summary>
public class LowRankDeltaTests
{
    private static readonly TuningOptions Lora = TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]) with
    {
        Position = TokenPosition.Prompt, LearningRate = 5e-2, WarmupSteps = 0, Epochs = 2, BatchSize = 4, EarlyStoppingPatience = 0,
        LoraRank = 3, LoraAlpha = 6,
    };

    private static TunedDelta Tune(LanguageModel lm, TuningOptions? options = null) =>
        new RepresentationTuner().Train(lm, TinyTuningModel.Examples(8), options ?? Lora).Delta;

    private static float[] Logits(LanguageModel lm)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = lm.Tokenizer.Encode("Once upon a time there was a cat who liked snow").Select(i => (long)i).ToArray();
        return lm.Network.Forward(torch.tensor(tokens, [1, tokens.Length])).Logits!.ToArray<float>();
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();

    [Fact]
    public void Save_and_load_keep_the_adapters_and_their_metadata_exactly()
    {
        using var dir = new TempDirectory();
        using var lm = TinyTuningModel.Create();
        using var delta = Tune(lm);
        delta.Save(dir.File("lora.safetensors"));
        using var loaded = TunedDelta.Load(dir.File("lora.safetensors"));
        loaded.Tensors.Keys.Should().Equal(delta.Tensors.Keys);
        foreach (var (name, tensor) in delta.Tensors) loaded.Tensors[name].Equals(tensor).Should().BeTrue(name);
        loaded.Info.Should().BeEquivalentTo(delta.Info);
        loaded.Info.LoraRank.Should().Be(3);
        loaded.Info.LoraAlpha.Should().Be(6);
        loaded.Info.LoraScale.Should().Be(2);
        loaded.Info.RetainHash.Should().BeEmpty("a tune-in run has no retain set");
        loaded.Save(dir.File("again.safetensors"));
        File.ReadAllBytes(dir.File("again.safetensors")).Should().Equal(File.ReadAllBytes(dir.File("lora.safetensors")));
    }

    [Fact]
    public void Merging_equals_the_attached_adapters_and_both_undo_exactly()
    {
        using var dir = new TempDirectory();
        using var lm = TinyTuningModel.Create();
        var before = Logits(lm);
        var weights = TuningTestKit.Snapshot(lm.Network);
        try
        {
            using (var trained = Tune(lm)) trained.Save(dir.File("lora.safetensors"));
            using var delta = TunedDelta.Load(dir.File("lora.safetensors"));
            float[] attached, merged;
            using (delta.Attach(lm))
            {
                attached = Logits(lm);
                FluentActions.Invoking(() => delta.Attach(lm)).Should().Throw<InvalidOperationException>().WithMessage("*already has an adapter*");
            }
            Logits(lm).Should().Equal(before, "detaching leaves the base");
            using (delta.Apply(lm))
            {
                merged = Logits(lm);
                FluentActions.Invoking(() => delta.Apply(lm)).Should().Throw<DeltaMismatchException>().WithMessage("*already-tuned*");
            }
            foreach (var (name, param) in lm.Network.NamedParameters()) param.Equals(weights[name]).Should().BeTrue(name);
            MaxDifference(attached, before).Should().BeGreaterThan(1e-3, "the adapters changed the model");
            MaxDifference(merged, attached).Should().BeLessThan(1e-5);
        }
        finally { TuningTestKit.DisposeAll(weights); }
    }

    [Fact]
    public void Merged_export_of_a_lora_delta_loads_back_as_the_merged_model()
    {
        using var dir = new TempDirectory();
        using var lm = TinyTuningModel.Create();
        using var delta = Tune(lm);
        using var applied = delta.Apply(lm);
        HfModelExporter.Export(lm, dir.File("merged"));
        using var reloaded = LanguageModel.Load(dir.File("merged"));
        Logits(reloaded).Should().Equal(Logits(lm));
    }

    [Fact]
    public void A_lora_delta_checks_the_base_like_a_full_one()
    {
        using var lm = TinyTuningModel.Create();
        using var delta = Tune(lm);
        using var other = TinyTuningModel.Create(seed: 8);
        var before = Logits(other);
        FluentActions.Invoking(() => delta.Apply(other)).Should().Throw<DeltaMismatchException>().WithMessage("*not the base*");
        FluentActions.Invoking(() => delta.Attach(other)).Should().Throw<DeltaMismatchException>().WithMessage("*not the base*");
        Logits(other).Should().Equal(before);
        using var full = Tune(lm, Lora with { LoraRank = 0, LoraAlpha = null });
        FluentActions.Invoking(() => full.Attach(lm)).Should().Throw<InvalidOperationException>().WithMessage("*only a LoRA delta*");
    }

    [Fact]
    public void A_rank_4_adapter_file_is_much_smaller_than_the_full_matrix_delta()
    {
        using var dir = new TempDirectory();
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        var examples = TinyTuningModel.Examples(2);
        var options = TuningOptions.Token([3]) with
        {
            Epochs = 1, BatchSize = 2, TrainFraction = 1, LearningRate = 1e-3, WarmupSteps = 0, EarlyStoppingPatience = 0,
        };
        using (var full = new RepresentationTuner().Train(lm, examples, options).Delta) full.Save(dir.File("full.safetensors"));
        using (var lora = new RepresentationTuner().Train(lm, examples, options with { LoraRank = 4 }).Delta) lora.Save(dir.File("lora.safetensors"));
        var (fullBytes, loraBytes) = (new FileInfo(dir.File("full.safetensors")).Length, new FileInfo(dir.File("lora.safetensors")).Length);
        loraBytes.Should().BeLessThan(fullBytes / 10, $"rank 4 of 288 x 288 matrices: {loraBytes} bytes against {fullBytes}");
    }

    [Fact]
    public void The_retain_hash_names_the_retain_set_and_older_deltas_load_without_it()
    {
        using var lm = TinyTuningModel.Create();
        IReadOnlyList<TuningExample> retain = [new("The sun was up and the birds sang in the"), new("Mom made soup for lunch and everyone")];
        var reroute = TuningOptions.Reroute(retain, [1]) with { Epochs = 1, BatchSize = 4, WarmupSteps = 0, EarlyStoppingPatience = 0, LoraRank = 2 };
        using var delta = Tune(lm, reroute);
        delta.Info.RetainHash.Should().MatchRegex("^[0-9a-f]{64}$").And.Be(TuningExamples.Hash(retain));
        TuningExamples.Hash([.. retain.Reverse()]).Should().NotBe(delta.Info.RetainHash, "the order is part of the set");

        // The pre-move parity fixture predates retain_hash and LoRA: a full-matrix delta with neither.
        using var old = TunedDelta.Load(Path.Combine(TestPaths.RepoRoot, "tests", "RepTuning.Tests", "Parity", "Fixtures", "delta.safetensors"));
        old.Info.RetainHash.Should().BeEmpty();
        old.Info.LoraRank.Should().Be(0);
        old.Tensors.Keys.Should().OnlyContain(n => !n.Contains("lora_"));
    }
}
