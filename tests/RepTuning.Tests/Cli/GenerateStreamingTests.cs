using System.Text;
using RepTuning.Cli;
using RepTuning.Models.Generation;

namespace RepTuning.Tests.Cli;

[Collection(nameof(ProcessWideState))]
public class GenerateStreamingTests
{
    /// <summary>Records what had been written at every flush.</summary>
    private sealed class FlushRecorder : StringWriter
    {
        public List<string> Snapshots { get; } = [];

        public override void Flush()
        {
            base.Flush();
            Snapshots.Add(ToString());
        }
    }

    [Fact]
    public void Reptune_generate_prints_each_token_as_it_is_generated()
    {
        const string prompt = "One day Tom";
        var expected = prompt + TestModels.Stories15M.Generate(prompt, GenerationOptions.Greedy with { MaxNewTokens = 20 });
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new FlushRecorder();
        Console.SetOut(output);
        Console.SetError(new StringWriter());
        int code;
        try
        {
            code = Program.CreateRoot().Parse(["generate", "--model", TestModels.Stories15MPath, "--prompt", prompt, "--max-tokens", "20"]).Invoke();
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }

        code.Should().Be(0);
        output.ToString().TrimEnd('\n', '\r').Should().Be(expected);
        var growing = output.Snapshots.Where(s => s.Length > 0).Distinct().ToList();
        growing.Should().HaveCountGreaterThanOrEqualTo(20, "the prompt, then (about) one flush per new token");
        growing.Should().BeInAscendingOrder(s => s.Length);
        growing[0].Should().Be(prompt);
    }
}
