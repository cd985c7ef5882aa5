using RepTuning.Evaluation.Statistics;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using Xunit.Abstractions;

namespace RepTuning.Tests.Interventions;

/// <summary>Golden behaviour on stories15M: a happy-minus-sad vector steers the sentiment of sampled stories.</summary>
public class SentimentSteeringTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["Lily", "Tom", "Sue", "Ben", "Mia", "Max", "Anna", "Sam"];
    private static readonly string[] Templates = ["{0} was very {1}", "{0} felt {1}", "One day {0} was {1}", "The dog made {0} {1}"];
    private static readonly string[] Positive = ["happy", "smile", "smiled", "laugh", "laughed", "fun", "love", "loved", "good", "nice", "glad", "joy", "friend", "friends", "play", "played", "kind", "best", "great", "hug", "yay"];
    private static readonly string[] Negative = ["sad", "cry", "cried", "crying", "angry", "mad", "scared", "hurt", "bad", "sorry", "upset", "alone", "tears", "lost", "broken", "afraid", "no", "mean", "fell"];
    private const string Prompt = "Once upon a time, there was a little girl named Lily. One day,";

    // Chosen in a scratch run over layers 2-3 and multipliers 2-8: layer 3 at a = 4 moves sentiment both ways.
    private const int Layer = 3;
    private const double Multiplier = 4.0;

    [Fact]
    public void Plus_a_raises_and_minus_a_lowers_the_sentiment_of_sampled_stories()
    {
        var lm = TestModels.Stories15M;
        var vector = HappyMinusSad(lm);
        var baseline = Scores(lm);
        var plus = Steered(lm, vector, Layer, Multiplier);
        var minus = Steered(lm, vector, Layer, -Multiplier);
        output.WriteLine($"mean lexicon score: base {baseline.Average():F3}, +a {plus.Average():F3}, -a {minus.Average():F3}");
        PermutationTest.MeanDifference(plus, baseline).GreaterPValue.Should().BeLessThan(0.01);
        PermutationTest.MeanDifference(minus, baseline).LessPValue.Should().BeLessThan(0.01);
    }

    private static double[] Steered(LanguageModel lm, SteeringVector vector, int layer, double a)
    {
        using var _ = lm.Steer(new Intervention(vector, [layer]) { Multiplier = a });
        return Scores(lm);
    }

    private static double[] Scores(LanguageModel lm)
    {
        var options = new GenerationOptions { MaxNewTokens = 32, Temperature = 1.0, Seed = 7 };
        var stories = lm.Generate(Enumerable.Repeat(Prompt, 40).ToList(), options);
        return stories.Select(Sentiment).ToArray();
    }

    private static double Sentiment(string text)
    {
        var words = text.ToLowerInvariant().Split([' ', '.', ',', '!', '?', '"', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return words.Count(Positive.Contains) - words.Count(Negative.Contains);
    }

    /// <summary>Mean over templated pairs of resid_post(happy) - resid_post(sad) at the last token, every layer.</summary>
    private static SteeringVector HappyMinusSad(LanguageModel lm)
    {
        var layers = lm.Network.Layers.Count;
        var sum = new double[layers, lm.Network.Config.HiddenSize];
        var pairs = 0;
        foreach (var name in Names)
            foreach (var template in Templates)
            {
                var happy = LastResidPost(lm, string.Format(template, name, "happy"));
                var sad = LastResidPost(lm, string.Format(template, name, "sad"));
                for (var l = 0; l < layers; l++)
                    for (var d = 0; d < sum.GetLength(1); d++) sum[l, d] += happy[l][d] - sad[l][d];
                pairs++;
            }
        var directions = Enumerable.Range(0, layers).ToDictionary(l => l,
            l => Enumerable.Range(0, sum.GetLength(1)).Select(d => (float)(sum[l, d] / pairs)).ToArray());
        return new SteeringVector(directions, new SteeringVectorInfo { HiddenSize = sum.GetLength(1), LayerCount = layers, Method = "meandiff" });
    }

    private static float[][] LastResidPost(LanguageModel lm, string text)
    {
        var ids = lm.Tokenizer.Encode(text, addBos: true).Select(i => (long)i).ToArray();
        var result = new float[lm.Network.Layers.Count][];
        var hooks = Enumerable.Range(0, result.Length).Select(l => lm.Hook(HookSite.ResidPost(l), act =>
        {
            result[l] = act.select(1, act.size(1) - 1).ToArray<float>();
        })).ToList();
        try
        {
            using var grad = torch.no_grad();
            using var input = torch.tensor(ids, [1, ids.Length]);
            using var _ = lm.Network.Forward(input, options: new ForwardOptions { StopAfterLayer = result.Length - 1 });
        }
        finally
        {
            hooks.ForEach(h => h.Dispose());
        }
        return result;
    }
}
