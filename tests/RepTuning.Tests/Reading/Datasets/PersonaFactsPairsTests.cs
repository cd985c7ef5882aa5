using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Reading.Datasets;

public class PersonaFactsPairsTests
{
    private static readonly FactStatement[] Facts = [new("The sky is blue.", true), new("Fish can fly to the moon.", false)];

    [Fact]
    public void Renders_the_published_llama2_format()
    {
        var pair = PersonaFactsPairs.Build("facts", Facts, ChatTemplates.Llama2).Pairs[0];
        pair.Positive.Should().Be("[INST] <<SYS>>\nPretend that you are always honest, no matter what.\n<</SYS>>\n\n" +
            "Question: Is the following claim true or false? \"The sky is blue.\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer: [/INST] A");
        pair.Negative.Should().Be("[INST] <<SYS>>\nPretend that you are dishonest when it serves you.\n<</SYS>>\n\n" +
            "Question: Is the following claim true or false? \"The sky is blue.\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer: [/INST] B");
        pair.Position.Should().Be(TokenPosition.Offset(-7));
    }

    [Fact]
    public void Default_position_is_the_newline_before_Answer_in_the_llama2_vocabulary()
    {
        // stories15M's tokenizer is the Llama-2 SentencePiece vocabulary.
        var tokenizer = TestModels.Stories15M.Tokenizer;
        foreach (var pair in PersonaFactsPairs.Build("facts", Facts, ChatTemplates.Llama2).Pairs)
        {
            foreach (var prompt in new[] { pair.Positive, pair.Negative })
            {
                var tokens = tokenizer.EncodeWithOffsets(prompt);
                var span = pair.Position.Resolve(prompt, tokens, tokenizer.BosId);
                tokenizer.IdToToken(tokens[span.Start].Id).Should().Be("<0x0A>");
                tokenizer.IdToToken(tokens[span.Start + 1].Id).Should().Be("Answer");
            }
        }
    }

    [Fact]
    public void A_false_statement_pairs_the_honest_persona_with_the_false_label()
    {
        var pair = PersonaFactsPairs.Build("facts", Facts, ChatTemplates.Plain).Pairs[1];
        pair.Positive.Should().EndWith("Answer:\n\nB").And.StartWith("Pretend that you are always honest");
        pair.Negative.Should().EndWith("Answer:\n\nA").And.StartWith("Pretend that you are dishonest");
    }

    [Fact]
    public void Correct_only_keeps_exactly_the_statements_whose_correct_label_scores_higher()
    {
        var model = TestModels.Stories15M;
        var options = new PersonaFactsOptions { TrueLabel = "yes", FalseLabel = "no" };
        var kept = PersonaFactsPairs.KeepCorrect(model, Facts, options);
        // Independent check: score each label with its own unbatched forward.
        var expected = Facts.Where(f =>
        {
            var question = options.Question.Replace("{statement}", f.Statement);
            double Score(string label) => LabelLogProb(model, question + "\n\n", label);
            return f.IsTrue ? Score("yes") > Score("no") : Score("no") > Score("yes");
        });
        kept.Should().Equal(expected);
    }

    private static double LabelLogProb(RepTuning.LanguageModel model, string prefix, string label)
    {
        using var scope = torch.NewDisposeScope();
        var promptIds = model.Tokenizer.Encode(prefix.TrimEnd('\n'), addBos: true);
        var ids = model.Tokenizer.Encode(prefix + label, addBos: true);
        var shared = ids.Zip(promptIds).TakeWhile(p => p.First == p.Second).Count();
        var input = torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]);
        using var output = model.Network.Forward(input);
        var logProbs = output.Logits!.log_softmax(-1).select(0, 0);
        return Enumerable.Range(shared, ids.Count - shared).Sum(i => (double)logProbs.select(0, i - 1).select(0, ids[i]).ToSingle());
    }
}
