using System.Text.Json;
using RepTuning.Tests.Evaluation;

namespace RepTuning.Tests.Cli;

public class PplCommandTests
{
    private const string Story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog.";

    [Fact]
    public void Ppl_convention_hf_equals_the_independent_computation_and_json_names_the_convention()
    {
        using var dir = new TempDirectory();
        var text = dir.File("story.txt");
        File.WriteAllText(text, Story);
        var logProbs = ModelTestHelpers.NextTokenLogProbs(TestModels.Stories15M.Tokenizer.Encode(Story, addBos: true));
        var expected = Math.Exp(-logProbs.Sum() / logProbs.Length);

        var run = CliRunner.Run("ppl", "--model", TestModels.Stories15MPath, "--text", text, "--convention", "hf", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("convention").GetString().Should().Be("hf");
        json.RootElement.GetProperty("window").GetInt32().Should().Be(256);
        json.RootElement.GetProperty("tokens").GetInt64().Should().Be(logProbs.Length);
        var perplexity = json.RootElement.GetProperty("perplexity").GetDouble();
        (Math.Abs(perplexity - expected) / expected).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void Ppl_refuses_an_unknown_convention()
    {
        var run = CliRunner.Run("ppl", "--model", TestModels.Stories15MPath, "--text", "x.txt", "--convention", "gpt");
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("gpt");
    }
}
