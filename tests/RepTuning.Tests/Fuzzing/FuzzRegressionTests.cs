using System.Text;
using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;

namespace RepTuning.Tests.Fuzzing;

/// <summary>The raw exceptions the config and pairs fuzzers found, each pinned as a typed error naming the file.</summary>
[Collection(nameof(ProcessWideState))]
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(Func<string, string> edit)
    {
        string path = _dir.File("config.json");
        File.WriteAllText(path, edit(Encoding.UTF8.GetString(SeedFiles.ConfigJson())));
        return path;
    }

    [Theory]
    [InlineData("\"vocab_size\": 300,", "\"vocab_size\": 300, \"vocab_size\": 301,")]
    [InlineData("\"factor\": 8.0,", "\"factor\": 8.0, \"factor\": 2.0,")]
    public void ConfigDuplicateKeyIsTyped(string from, string to)
    {
        string path = Config(json => json.Replace(from, to));
        var error = FluentActions.Invoking(() => ModelConfig.Load(path)).Should().Throw<CheckpointFormatException>().Which;
        error.Origin.Should().Be(path);
        error.Message.Should().Contain(from.Split('"')[1]);
    }

    [Theory]
    [InlineData("\"torch_dtype\": \"bfloat16\"", "\"torch_dtype\": \"\\ud800\"")]
    [InlineData("\"torch_dtype\": \"bfloat16\"", "\"\\ud800\": 1")]
    [InlineData("\"eos_token_id\": [2, 3]", "\"eos_token_id\": [2, 2147483648]")]
    [InlineData("\"rope_type\": \"llama3\"", "\"rope_type\": 7")]
    [InlineData("\"factor\": 8.0", "\"factor\": -1")]
    public void ConfigBadValueIsTypedAndNamesTheFile(string from, string to)
    {
        string path = Config(json => json.Replace(from, to));
        FluentActions.Invoking(() => ModelConfig.Load(path)).Should().Throw<CheckpointFormatException>().Which.Origin.Should().Be(path);
    }

    [Fact]
    public void JsonlLoneSurrogateIsTyped()
    {
        string path = _dir.File("pairs.jsonl");
        File.WriteAllText(path, "{\"positive\": \"a\", \"negative\": \"b\"}\n{\"positive\": \"\\ud800\", \"negative\": \"b\"}\n");
        var error = FluentActions.Invoking(() => JsonlPairs.Load(path)).Should().Throw<DatasetFormatException>().Which;
        error.Path.Should().Be(path);
        error.Line.Should().Be(2);
    }
}
