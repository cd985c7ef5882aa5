using RepTuning.Reading;
using RepTuning.Reading.Datasets;

namespace RepTuning.Tests.Reading.Datasets;

public class FactStatementTests
{
    [Fact]
    public void Loads_the_repository_facts_with_crlf_and_quotes()
    {
        var facts = FactStatement.LoadCsv(TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data/facts/facts_true_false.csv")));
        facts.Should().HaveCount(612);
        facts.Count(f => f.IsTrue).Should().Be(306);
        facts[0].Should().Be(new FactStatement("The Earth's atmosphere protects us from harmful radiation from the sun.", true));
        facts.Should().OnlyContain(f => !f.Statement.Contains('\r') && !f.Statement.StartsWith('"'));
    }

    [Fact]
    public void Quoted_commas_and_escaped_quotes_are_one_field()
    {
        using var dir = new TempDirectory();
        var path = dir.File("facts.csv");
        File.WriteAllText(path, "statement,label\r\n\"Paris, the capital, has \"\"lights\"\"\",1\r\n");
        FactStatement.LoadCsv(path).Should().Equal(new FactStatement("Paris, the capital, has \"lights\"", true));
    }

    [Theory]
    [InlineData("statement,label\nA claim,maybe\n", 2, "label 'maybe'")]
    [InlineData("statement,label\nA claim,1,extra\n", 2, "expected 2 fields")]
    [InlineData("text,truth\nA claim,1\n", 1, "no column 'statement'")]
    [InlineData("statement,label\nok,1\n\"two\nlines\",2\n", 3, "label '2'")]
    [InlineData("statement,label\nok,1\n  ,0\n", 3, "statement is empty")]
    [InlineData("statement,label\nok,1\n\"open,1\n", 3, "not closed")]
    public void Malformed_lines_name_file_and_line(string content, int line, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File("facts.csv");
        File.WriteAllText(path, content);
        var load = () => FactStatement.LoadCsv(path);
        var error = load.Should().Throw<DatasetFormatException>().Which;
        error.Line.Should().Be(line);
        error.Message.Should().Contain(path).And.Contain(expected);
    }

    [Fact]
    public void Header_only_is_an_empty_dataset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("facts.csv");
        File.WriteAllText(path, "statement,label\r\n");
        var load = () => FactStatement.LoadCsv(path);
        load.Should().Throw<EmptyDatasetException>();
    }
}
