using RepTuning.Evaluation.Probes;
using RepTuning.Models;

namespace RepTuning.Tests.Evaluation.Probes;

public class ProbeEvaluatorTests
{
    [Fact]
    public void Both_probes_find_a_planted_direction()
    {
        var random = new Random(3);
        const int n = 200, d = 32;
        var direction = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
        var rows = labels.Select(y => Enumerable.Range(0, d).Select(j => Gaussian(random) + (y ? 1.5 : -1.5) * direction[j] * 4).ToArray()).ToArray();
        var x = torch.tensor(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [n, d]);

        var result = ProbeEvaluator.Compare(x, labels);
        result.TestCount.Should().Be(40);
        result.TrainCount.Should().Be(160);
        result.LogisticAccuracy.Should().BeGreaterThan(0.95);
        result.MeanDifferenceAccuracy.Should().BeGreaterThan(0.95);
        Cosine(result.MeanDifference, direction).Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Random_labels_give_chance_accuracy_and_the_split_is_seeded()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 8).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 200).Select(_ => random.Next(2) == 1).ToArray();
        var a = ProbeEvaluator.Compare(rows, labels);
        a.LogisticAccuracy.Should().BeInRange(0.25, 0.75);
        ProbeEvaluator.Compare(rows, labels).Should().BeEquivalentTo(a);
    }

    [Fact]
    public void Probe_on_captured_stories15M_activations_separates_two_topics()
    {
        string[] animals = ["The cat", "The dog", "A little bird", "The big bear", "A small fish", "The rabbit", "The horse", "A duck", "The frog", "The mouse"];
        string[] food = ["The cake", "An apple", "The soup", "A cookie", "The bread", "The candy", "A banana", "The pie", "The milk", "The carrot"];
        var texts = animals.Concat(food).ToList();
        var rows = new List<double[]>();
        var net = TestModels.Stories15M.Network;
        foreach (var text in texts)
        {
            var ids = TestModels.Stories15M.Tokenizer.Encode(text, addBos: true);
            using var scope = torch.NewDisposeScope();
            using var hook = TestModels.Stories15M.Hook(HookSite.ResidPost(3), act =>
                rows.Add(act.select(0, 0).select(0, ids.Count - 1).to(ScalarType.Float64).ToArray<double>()));
            net.Forward(torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]), options: new ForwardOptions { StopAfterLayer = 3 }).Dispose();
        }
        var labels = texts.Select((_, i) => i < animals.Length).ToArray();
        var result = ProbeEvaluator.Compare(rows, labels, new ProbeOptions { TestFraction = 0.3 });
        result.TestCount.Should().Be(6);
        result.MeanDifferenceAccuracy.Should().BeGreaterThanOrEqualTo(0.5);
        result.LogisticWeights.Should().HaveCount(288).And.OnlyContain(w => double.IsFinite(w));
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new double[] { i, 1 }).ToArray();
        FluentActions.Invoking(() => ProbeEvaluator.Compare(rows, new bool[9])).Should().Throw<ArgumentException>().WithMessage("*labels*");
        FluentActions.Invoking(() => ProbeEvaluator.Compare(rows, new bool[10])).Should().Throw<ArgumentException>().WithMessage("*one class*");
        rows[3][0] = double.NaN;
        FluentActions.Invoking(() => ProbeEvaluator.Compare(rows, Enumerable.Range(0, 10).Select(i => i % 2 == 0).ToArray())).Should().Throw<ArgumentException>().WithMessage("*NaN*");
        FluentActions.Invoking(() => ProbeEvaluator.Compare(torch.zeros([4]), new bool[4])).Should().Throw<ArgumentException>().WithMessage("*(N, D)*");
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Cosine(double[] a, double[] b) =>
        a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(x => x * x));
}
