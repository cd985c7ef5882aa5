using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Models.Loading;
using RepTuning.Tests.Tokenization;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Models.Loading;

public class HfModelExporterTests
{
    private static readonly string[] Prompts = ["Once upon a time", "The cat sat on the mat. It was", "Tom and Lily went to the park to play with a red ball."];

    [Fact]
    public void Exported_stories15M_matches_the_llama2c_checkpoint()
    {
        var original = TestModels.Stories15M;
        using var temp = new TempDirectory();
        var dir = temp.File("export");
        HfModelExporter.Export(original, dir);
        File.Exists(Path.Combine(dir, HfModelExporter.GenerationConfigFileName)).Should().BeTrue();

        using var exported = LanguageModel.Load(dir);
        exported.Network.Config.Should().BeEquivalentTo(original.Network.Config);
        exported.ChatTemplate.Name.Should().Be(original.ChatTemplate.Name);
        foreach (var prompt in Prompts)
        {
            var ids = original.Tokenizer.Encode(prompt, addBos: true);
            exported.Tokenizer.Encode(prompt, addBos: true).Should().Equal(ids);
            TensorAssert.MaxAbsDiff(TensorAssert.Logits(exported.Network, ids), TensorAssert.Logits(original.Network, ids))
                .Should().BeLessThan(1e-4f, prompt);
        }
        var options = GenerationOptions.Greedy with { MaxNewTokens = 12 };
        exported.Generate(Prompts, options).Should().Equal(original.Generate(Prompts, options));
    }

    [Fact]
    public void Tied_weights_are_written_once_with_pytorch_metadata()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("export");
        HfModelExporter.Export(TestModels.Stories15M, dir);

        using var weights = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        TestModels.Stories15M.Network.Config.TieWordEmbeddings.Should().BeTrue();
        weights.Contains("lm_head.weight").Should().BeFalse();
        weights.Tensors.Select(t => t.Name).Should().BeEquivalentTo(TestModels.Stories15M.Network.NamedParameters().Keys);
        weights.Tensors.Should().OnlyContain(t => t.DType == DType.F32);
        weights.Metadata.Should().Contain("format", "pt");
        var generation = File.ReadAllText(Path.Combine(dir, HfModelExporter.GenerationConfigFileName));
        generation.Should().Contain("\"bos_token_id\": 1").And.Contain("\"eos_token_id\": 2");
        Directory.GetFileSystemEntries(temp.Path).Should().Equal([dir], "the temporary directory is renamed into place");
    }

    [Fact]
    public void Refuses_a_non_empty_directory_and_leaves_it_alone()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("keep.txt"), "mine");
        var act = () => HfModelExporter.Export(TestModels.Stories15M, temp.Path);
        act.Should().Throw<IOException>().WithMessage("*not empty*");
        Directory.GetFileSystemEntries(temp.Path).Should().Equal([temp.File("keep.txt")]);
    }

    [Fact]
    public void Non_bpe_tokenizer_is_not_supported_and_nothing_is_written()
    {
        var source = TestModels.Stories15M;
        var llama = SentencePieceModelFile.CreateStoriesLlamaTokenizer(); // a user-supplied ML.Tokenizers tokenizer
        var model = new LanguageModel(source.Network, llama, ChatTemplates.Plain, "opaque");
        using var temp = new TempDirectory();
        var act = () => HfModelExporter.Export(model, temp.File("export"));
        act.Should().Throw<NotSupportedException>().WithMessage("*MlTokenizerAdapter*SafetensorsWriter*");
        Directory.GetFileSystemEntries(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Export_removes_temp_folders_of_killed_exports_but_not_of_live_ones()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("export");
        var dead = DeadProcessId();
        var stale = temp.File($".export.{dead}.{Guid.NewGuid():N}.tmp");
        var live = temp.File($".export.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var otherTarget = temp.File($".other.{dead}.{Guid.NewGuid():N}.tmp");
        foreach (var folder in new[] { stale, live, otherTarget }) Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(stale, "config.json"), "{}"); // a half-written export

        HfModelExporter.Export(TestModels.Stories15M, dir);

        Directory.Exists(stale).Should().BeFalse("its process is gone");
        Directory.Exists(live).Should().BeTrue("this process is alive and may still be writing it");
        Directory.Exists(otherTarget).Should().BeTrue("it belongs to another target");
        Directory.GetFileSystemEntries(temp.Path).Should().BeEquivalentTo([dir, live, otherTarget]);
    }

    /// <summary>The id of a process that has exited.</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version")
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
