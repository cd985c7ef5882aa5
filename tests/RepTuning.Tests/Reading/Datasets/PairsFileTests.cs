using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Reading.Datasets;

public class PairsFileTests
{
    [Fact]
    public void Picks_the_format_by_extension()
    {
        var facts = PairsFile.Load(TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data/facts/facts_true_false.csv")), ChatTemplates.Plain);
        facts.Pairs[0].Positive.Should().StartWith("Pretend that you are always honest");
        var caa = PairsFile.Load(TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data/caa/refusal/test_dataset_ab.json")), ChatTemplates.Plain);
        caa.Count.Should().Be(50);
    }

    [Fact]
    public void A_given_position_replaces_the_formats_own()
    {
        using var dir = new TempDirectory();
        var path = dir.File("p.jsonl");
        File.WriteAllText(path, "{\"positive\": \"a b\", \"negative\": \"c d\"}\n");
        PairsFile.Load(path, ChatTemplates.Plain, TokenPosition.Span(1)).Pairs.Single().Position.Should().Be(TokenPosition.Span(1));
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_clear_errors()
    {
        var unknown = () => PairsFile.Load("pairs.txt", ChatTemplates.Plain);
        unknown.Should().Throw<ArgumentException>().WithMessage("*.jsonl*");
        var missing = () => PairsFile.Load("/nonexistent/pairs.jsonl", ChatTemplates.Plain);
        missing.Should().Throw<FileNotFoundException>();
    }
}
