using RepTuning.Evaluation.Behaviour;
using RepTuning.Experiments;

namespace RepTuning.Tests.Experiments;

public class HonestyExperimentTests
{
    [Fact]
    public void Lexicon_counts_honest_and_deceptive_words()
    {
        var score = HonestyLexicon.Default.Score("Tom lied and blamed the cat, then he admitted the truth.");
        score.Should().Be(new LexiconScore(11, 2, 2));
        score.Balance.Should().Be(0);
        HonestyLexicon.Default.Score(["He told the truth.", "She lied."]).Should().Be(new LexiconScore(6, 1, 1));
    }

    [Fact]
    public void Generated_answers_are_parsed_into_rates()
    {
        var items = new[] { new ChoiceItem("1", "Once upon a time", ["A", "B"], 0) };
        var result = new GeneratedAnswerEvaluator(TestModels.Stories15M, maxNewTokens: 4).Evaluate("gen", items);
        result.Items.Should().ContainSingle().Which.Generation.Should().NotBeNull();
        result.Rate.N.Should().Be(1);
    }
}
