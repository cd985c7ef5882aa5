using RepTuning.Reading;
using RepTuning.Tokenization.Chat;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class TuningExamplesTests
{
    [Fact]
    public void Facts_csv_becomes_the_published_question_with_the_right_or_wrong_letter()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("facts.csv"), "statement,label\n\"Water boils at 100 degrees, at sea level.\",1\nThe moon is made of cheese.,0\n");
        var honest = TuningExamples.Load(dir.File("facts.csv"), ChatTemplates.Plain);
        honest.Select(e => e.Answer).Should().Equal(" A", " B");
        honest[0].Prompt.Should().Contain("Is the following claim true or false? \"Water boils at 100 degrees, at sea level.\"")
            .And.EndWith("Answer:").And.NotContain("Pretend");
        TuningExamples.Load(dir.File("facts.csv"), ChatTemplates.Plain, sign: -1).Select(e => e.Answer).Should().Equal(" B", " A");
    }

    [Fact]
    public void Jsonl_reads_prompts_and_optional_answers_and_names_bad_lines()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.jsonl"), "{\"prompt\": \"Hi\", \"answer\": \" A\"}\n\n{\"prompt\": \"Yo\"}\n");
        TuningExamples.FromJsonl(dir.File("a.jsonl")).Should().Equal(new TuningExample("Hi", " A"), new TuningExample("Yo"));
        File.WriteAllText(dir.File("b.jsonl"), "{\"prompt\": \"Hi\"}\n{\"text\": 1}\n");
        FluentActions.Invoking(() => TuningExamples.FromJsonl(dir.File("b.jsonl"))).Should().Throw<DatasetFormatException>().WithMessage("*line 2*prompt*");
        File.WriteAllText(dir.File("c.jsonl"), "not json\n");
        FluentActions.Invoking(() => TuningExamples.FromJsonl(dir.File("c.jsonl"))).Should().Throw<DatasetFormatException>().WithMessage("*line 1*not valid JSON*");
    }
}
