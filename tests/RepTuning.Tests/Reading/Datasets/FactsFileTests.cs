using RepTuning.Evaluation;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;
using RepTuning.Tuning;

namespace RepTuning.Tests.Reading.Datasets;

/// <summary>The one facts loader, through each of its readers: statements, the behaviour protocol and tuning examples.</summary>
public class FactsFileTests
{
    private const string Tricky =
        "statement,label\r\n" +
        "\"Paris, the capital, has \"\"lights\"\"\",1\r\n" +
        "\"Water boils\nat 100 degrees.\",0\n" +
        "Plain,true\n";

    private static readonly FactStatement[] Expected =
    [
        new("Paris, the capital, has \"lights\"", true),
        new("Water boils\nat 100 degrees.", false),
        new("Plain", true),
    ];

    [Fact]
    public void Quoted_commas_doubled_quotes_and_quoted_newlines_reach_every_reader()
    {
        using var dir = new TempDirectory();
        var path = dir.File("facts.csv");
        File.WriteAllText(path, Tricky);
        FactStatement.LoadCsv(path).Should().Equal(Expected);
        HonestyFactsProtocol.Load(path, ChatTemplates.Plain).Select(i => (i.Prompt, i.CorrectIndex)).Should().Equal(
            Expected.Select(f => (ChoicePrompt.Render(ChatTemplates.Plain, FactsFile.Question(f.Statement)), f.IsTrue ? 0 : 1)));
        TuningExamples.Load(path, ChatTemplates.Plain).Should().Equal(
            Expected.Select(f => new TuningExample(ChatTemplates.Plain.RenderPrompt([ChatMessage.User(FactsFile.Question(f.Statement))]), f.IsTrue ? " A" : " B")));
    }

    [Fact]
    public void The_published_question_is_one_text_everywhere()
    {
        FactsFile.Question("Cats bark.").Should().Be("Question: Is the following claim true or false? \"Cats bark.\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer:");
        new PersonaFactsOptions().Question.Replace("{statement}", "Cats bark.").Should().Be(FactsFile.Question("Cats bark."));
    }

    [Fact]
    public void A_bad_label_names_the_line_in_each_readers_error_type()
    {
        using var dir = new TempDirectory();
        var path = dir.File("facts.csv");
        File.WriteAllText(path, "statement,label\n\"a\nb\",1\nc,maybe\n");
        FluentActions.Invoking(() => FactStatement.LoadCsv(path)).Should().Throw<DatasetFormatException>().Which.Line.Should().Be(4);
        FluentActions.Invoking(() => TuningExamples.Load(path, ChatTemplates.Plain)).Should().Throw<DatasetFormatException>().Which.Line.Should().Be(4);
        FluentActions.Invoking(() => HonestyFactsProtocol.Load(path, ChatTemplates.Plain)).Should().Throw<EvaluationDataException>()
            .WithMessage("*line 4*label 'maybe'*");
    }

    [Fact]
    public void An_empty_file_and_a_header_only_file_are_errors_for_every_reader()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("empty.csv"), "");
        File.WriteAllText(dir.File("header.csv"), "statement,label\n");
        FluentActions.Invoking(() => FactStatement.LoadCsv(dir.File("empty.csv"))).Should().Throw<DatasetFormatException>().WithMessage("*empty*");
        FluentActions.Invoking(() => TuningExamples.Load(dir.File("empty.csv"), ChatTemplates.Plain)).Should().Throw<InvalidInputException>().WithMessage("*empty*");
        FluentActions.Invoking(() => HonestyFactsProtocol.Load(dir.File("empty.csv"), ChatTemplates.Plain)).Should().Throw<EvaluationDataException>().WithMessage("*empty*");
        FluentActions.Invoking(() => FactStatement.LoadCsv(dir.File("header.csv"))).Should().Throw<EmptyDatasetException>();
        FluentActions.Invoking(() => TuningExamples.Load(dir.File("header.csv"), ChatTemplates.Plain)).Should().Throw<InvalidInputException>().WithMessage("*no statements*");
        FluentActions.Invoking(() => HonestyFactsProtocol.Load(dir.File("header.csv"), ChatTemplates.Plain)).Should().Throw<EvaluationDataException>().WithMessage("*no statements*");
    }
}
