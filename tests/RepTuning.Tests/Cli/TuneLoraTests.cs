using RepTuning.Cli.Commands;
using RepTuning.Models;

namespace RepTuning.Tests.Cli;

/// <summary><c>reptune tune --lora-rank R [--lora-alpha A]</c>: a small adapter delta, a merged export, resume, and checked flags.</summary>
[Collection(nameof(ProcessWideState))]
public class TuneLoraTests
{
    private static string[] Args(TempDirectory dir, string name, params string[] extra) =>
    [
        "tune", "--model", TestModels.Stories15MPath, "--layers", "3", "--pairs", CliFixtures.TuningPrompts(dir, count: 6),
        "--out", dir.File(name), "--epochs", "1", "--batch", "2", "--lr", "1e-3", "--checkpoint-every", "0", .. extra,
    ];

    [Fact]
    public void A_lora_run_writes_a_small_adapter_delta_and_exports_the_merged_model()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(Args(dir, "run", "--vector", CliFixtures.Vector(dir), "--lora-rank", "4"));
        result.ExitCode.Should().Be(0, result.Error);
        var deltaPath = Path.Combine(dir.File("run"), "delta.safetensors");
        // Full V and O of one stories15M layer are 2 x 288 x 288 floats (663 kB); rank 4 keeps 2 x 2 x 4 x 288.
        new FileInfo(deltaPath).Length.Should().BeLessThan(66_000);
        using var delta = TunedDelta.Load(deltaPath);
        delta.Tensors.Keys.Should().BeEquivalentTo(
            "model.layers.3.self_attn.o_proj.lora_A.weight", "model.layers.3.self_attn.o_proj.lora_B.weight",
            "model.layers.3.self_attn.v_proj.lora_A.weight", "model.layers.3.self_attn.v_proj.lora_B.weight");
        delta.Info.LoraRank.Should().Be(4);
        delta.Info.LoraAlpha.Should().Be(4);

        // The exported model holds W + B·A, exactly as Apply merges it into the base.
        using var merged = LanguageModel.Load(Path.Combine(dir.File("run"), "merged"));
        using var fresh = LanguageModel.Load(TestModels.Stories15MPath);
        var before = fresh.Network.NamedParameters()["model.layers.3.self_attn.v_proj.weight"].clone();
        using (delta.Apply(fresh))
            foreach (var name in new[] { "model.layers.3.self_attn.v_proj.weight", "model.layers.3.self_attn.o_proj.weight" })
                merged.Network.NamedParameters()[name].Equals(fresh.Network.NamedParameters()[name]).Should().BeTrue(name);
        merged.Network.NamedParameters()["model.layers.3.self_attn.v_proj.weight"].Equals(before).Should().BeFalse("the adapter changed V");
    }

    [Fact]
    public void Every_loss_takes_an_alpha_and_the_delta_records_it()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(Args(dir, "run", "--loss", "token", "--lora-rank", "2", "--lora-alpha", "8"));
        result.ExitCode.Should().Be(0, result.Error);
        using var delta = TunedDelta.Load(Path.Combine(dir.File("run"), "delta.safetensors"));
        (delta.Info.LoraRank, delta.Info.LoraAlpha).Should().Be((2, 8.0));
        delta.Info.HyperParameters.Should().Contain("\"LoraRank\":2").And.Contain("\"LoraAlpha\":8");
    }

    [Fact]
    public void An_interrupted_lora_run_resumes_to_the_uninterrupted_delta()
    {
        using var dir = new TempDirectory();
        var vector = CliFixtures.Vector(dir);
        string[] Run(string name, params string[] extra) => Args(dir, name, ["--vector", vector, "--lora-rank", "4", "--seed", "11", .. extra]);
        var straight = CliRunner.Run(Run("straight"));
        straight.ExitCode.Should().Be(0, straight.Error);
        var interrupted = CliRunner.RunTuneCancelledAfter(2, Run("run"));
        interrupted.ExitCode.Should().Be(130, interrupted.Error);
        var resumed = CliRunner.Run(Run("run", "--resume"));
        resumed.ExitCode.Should().Be(0, resumed.Error);
        File.ReadAllBytes(Path.Combine(dir.File("run"), "delta.safetensors"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(dir.File("straight"), "delta.safetensors")));
    }

    [Theory]
    [InlineData(new[] { "--lora-alpha", "8" }, "LoraAlpha scales low-rank adapters: set LoraRank too")]
    [InlineData(new[] { "--lora-rank", "300" }, "LoraRank 300 exceeds min(in, out) = 288")]
    [InlineData(new[] { "--lora-rank", "-1" }, "LoraRank")]
    public void Bad_lora_flags_are_errors_naming_the_remedy(string[] flags, string message)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(Args(dir, "run", ["--loss", "token", .. flags]));
        result.ExitCode.Should().Be(1);
        result.Error.Should().Contain(message);
        File.Exists(Path.Combine(dir.File("run"), "delta.safetensors")).Should().BeFalse();
    }
}
