using RepTuning.Evaluation.Perplexity;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using RepTuning.Tests.Cli;
using RepTuning.Tests.Tuning;
using RepTuning.Tuning;

namespace RepTuning.Tests.Models;

/// <summary>Nothing runs past the model's context length (stories15M: 256 positions): clear errors instead of degraded outputs.</summary>
[Collection(nameof(ProcessWideState))]
public class ContextLengthTests
{
    private static LanguageModel Model => TestModels.Stories15M;

    private const string Sentence = "Once upon a time, there was a little girl named Lily who loved to play in the park with her dog. ";

    /// <summary>Text of at least <paramref name="tokens"/> tokens.</summary>
    private static string LongText(int tokens) =>
        string.Concat(Enumerable.Repeat(Sentence, tokens / Model.Tokenizer.Encode(Sentence, addBos: false).Count + 1));

    [Fact]
    public void A_forward_pass_past_the_context_is_refused_and_one_that_fills_it_runs()
    {
        Model.Network.Config.MaxPositionEmbeddings.Should().Be(256);
        using var grad = torch.no_grad();
        using var full = torch.ones([1, 256], ScalarType.Int64);
        using (Model.Network.Forward(full)) { }
        using var over = torch.ones([1, 257], ScalarType.Int64);
        FluentActions.Invoking(() => Model.Network.Forward(over)).Should().Throw<ContextLengthException>()
            .WithMessage("*257 tokens*257 positions*context length of 256*")
            .Which.ContextLength.Should().Be(256);
    }

    [Fact]
    public void Generation_that_would_run_past_the_context_is_refused_up_front()
    {
        var prompt = Model.Tokenizer.Encode("Once upon a time", addBos: true);
        var options = GenerationOptions.Greedy with { MaxNewTokens = 257 - prompt.Count };
        FluentActions.Invoking(() => TextGeneration.Generate(Model.Network, [prompt], options))
            .Should().Throw<ContextLengthException>().WithMessage($"*{prompt.Count} tokens*257 positions*context length of 256*at most {256 - prompt.Count}*");
    }

    [Fact]
    public void Capturing_a_prompt_longer_than_the_context_is_refused()
    {
        var dataset = ContrastiveDataset.FromTexts("long", [("A short happy story.", LongText(300)), ("Short and sad.", "Short and glad.")]);
        FluentActions.Invoking(() => ActivationCapture.Capture(Model, dataset))
            .Should().Throw<ContextLengthException>().WithMessage("*prompt 3 (\"Once upon a time*context length of 256*");
    }

    [Fact]
    public void Tuning_on_an_example_longer_than_the_context_is_refused_before_any_step()
    {
        using var lm = TinyTuningModel.Create();
        var examples = TinyTuningModel.Examples(3).Append(new TuningExample(LongText(300), " happy")).ToList();
        var steps = 0;
        FluentActions.Invoking(() => new RepresentationTuner().Train(lm, examples, TuningOptions.TuneIn(TinyTuningModel.Vector(), [1]),
                new SyncProgress<WorkProgress>(_ => steps++)))
            .Should().Throw<ContextLengthException>().WithMessage("*tuning example 4*context length of 256*");
        steps.Should().Be(0);
    }

    [Fact]
    public void Perplexity_windows_default_to_the_context_and_may_not_exceed_it()
    {
        var defaults = new PerplexityEvaluator(Model).Options;
        defaults.Window.Should().Be(256);
        defaults.Stride.Should().Be(128);
        FluentActions.Invoking(() => new PerplexityEvaluator(Model, new PerplexityOptions { Window = 512 }))
            .Should().Throw<ContextLengthException>().WithMessage("*window of 512 positions*context length of 256*");
    }

    [Fact]
    public void Reptune_ppl_defaults_to_the_model_context_and_names_both_numbers_for_a_larger_window()
    {
        using var dir = new TempDirectory();
        var text = dir.File("story.txt");
        File.WriteAllText(text, LongText(600));
        var tokens = Model.Tokenizer.Encode(File.ReadAllText(text), addBos: false).Count;

        var run = CliRunner.Run("ppl", "--model", TestModels.Stories15MPath, "--text", text);
        run.ExitCode.Should().Be(0, run.Error);
        var windows = (tokens + 1 + 255) / 256;
        run.Output.Should().Contain($"over {tokens + 1 - windows} tokens in {windows} windows (hf, window 256, stride 256",
            "hf cuts BOS + text into windows of 256 tokens, each window's first token context only");

        var tooWide = CliRunner.Run("ppl", "--model", TestModels.Stories15MPath, "--text", text, "--window", "512");
        tooWide.ExitCode.Should().Be(1);
        tooWide.Error.Should().Contain("512").And.Contain("context length of 256");
    }
}
