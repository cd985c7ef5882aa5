using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Reading.Datasets;

public class CaaPairsTests
{
    [Fact]
    public void Loads_the_repository_file_with_letters_beyond_B()
    {
        var dataset = CaaPairs.Load(TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data/caa/survival-instinct/generate_dataset.json")), ChatTemplates.Llama2);
        dataset.Count.Should().Be(903);
        dataset.Pairs.Should().OnlyContain(p => p.Position == TokenPosition.Last);
        dataset.Pairs.Should().Contain(p => p.Positive.EndsWith("[/INST] (C", StringComparison.Ordinal) || p.Negative.EndsWith("[/INST] (C", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pair_differs_only_in_the_letter_which_is_the_last_token()
    {
        using var dir = new TempDirectory();
        var path = dir.File("caa.json");
        File.WriteAllText(path, """[{"question": "Pick one\n\nChoices:\n (A) x\n (B) y\n (C) z", "answer_matching_behavior": "(C)", "answer_not_matching_behavior": "(A)"}]""");
        var pair = CaaPairs.Load(path, ChatTemplates.Plain).Pairs.Single();
        pair.Positive.Should().EndWith("(C");
        pair.Negative.Should().Be(pair.Positive[..^1] + "A");
        var tokenizer = TestModels.Stories15M.Tokenizer;
        var tokens = tokenizer.EncodeWithOffsets(pair.Positive);
        var span = pair.Position.Resolve(pair.Positive, tokens, tokenizer.BosId);
        tokenizer.Decode([tokens[span.Start].Id]).Trim().Should().EndWith("C");
    }

    [Theory]
    [InlineData("""{"question": "q"}""", "JSON array")]
    [InlineData("""[{"question": "q", "answer_matching_behavior": "(A)"}]""", "answer_not_matching_behavior")]
    [InlineData("""[{"question": "q", "answer_matching_behavior": "A", "answer_not_matching_behavior": "(B)"}]""", "not of the form")]
    [InlineData("""[{"question": "q", "answer_matching_behavior": "(A)", "answer_not_matching_behavior": "(A)"}]""", "both sides")]
    [InlineData("""[{"question": "q",""", "not valid JSON")]
    public void Malformed_files_name_the_problem(string json, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.json");
        File.WriteAllText(path, json);
        var load = () => CaaPairs.Load(path, ChatTemplates.Plain);
        var error = load.Should().Throw<DatasetFormatException>().Which;
        error.Path.Should().Be(path);
        error.Message.Should().Contain(expected);
    }

    [Fact]
    public void Empty_array_is_an_empty_dataset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.json");
        File.WriteAllText(path, "[]");
        var load = () => CaaPairs.Load(path, ChatTemplates.Plain);
        load.Should().Throw<EmptyDatasetException>();
    }
}
