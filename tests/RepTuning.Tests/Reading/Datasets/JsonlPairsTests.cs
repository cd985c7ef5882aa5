using RepTuning.Reading;
using RepTuning.Reading.Datasets;

namespace RepTuning.Tests.Reading.Datasets;

public class JsonlPairsTests
{
    [Fact]
    public void Reads_pairs_skipping_blank_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pairs.jsonl");
        File.WriteAllText(path, "{\"positive\": \"a happy story\", \"negative\": \"a sad story\"}\r\n\n{\"negative\": \"no\", \"positive\": \"yes\"}\n");
        var dataset = JsonlPairs.Load(path);
        dataset.Pairs.Should().Equal(
            new ContrastivePair("a happy story", "a sad story", TokenPosition.Last),
            new ContrastivePair("yes", "no", TokenPosition.Last));
    }

    [Theory]
    [InlineData("{\"positive\": \"a\"}", 2, "'negative'")]
    [InlineData("{\"positive\": \"a\", \"negative\": 3}", 2, "'negative'")]
    [InlineData("not json", 2, "not a JSON object")]
    public void Malformed_lines_name_file_and_line(string badLine, int line, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.jsonl");
        File.WriteAllText(path, "{\"positive\": \"a\", \"negative\": \"b\"}\n" + badLine + "\n");
        var load = () => JsonlPairs.Load(path);
        var error = load.Should().Throw<DatasetFormatException>().Which;
        (error.Path, error.Line).Should().Be((path, line));
        error.Message.Should().Contain($"line {line}").And.Contain(expected);
    }

    [Fact]
    public void Empty_file_is_an_empty_dataset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.jsonl");
        File.WriteAllText(path, "\n\n");
        var load = () => JsonlPairs.Load(path);
        load.Should().Throw<EmptyDatasetException>();
    }
}
