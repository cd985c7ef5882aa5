using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>The rerouting objective on the tiny model: schedule, value against separate forwards, gradient, validation.</summary>
public class RerouteLossTests
{
    private static readonly IReadOnlyList<TuningExample> Retain =
        [new("The sun was up and the birds sang in the"), new("Mom made soup for lunch and everyone"), new("The little train went up the")];

    private static readonly TuningOptions Options = TuningOptions.Reroute(Retain, [1, 2]) with
    {
        TunedLayers = [1], Position = TokenPosition.Prompt,
    };

    private static readonly (double Reroute, double Retain) Schedule = (0.7, 0.3);

    [Fact]
    public void The_schedule_moves_weight_from_rerouting_to_retaining()
    {
        RerouteLoss.Coefficients(10, 0, 40).Should().Be((10.0, 0.0));
        RerouteLoss.Coefficients(10, 40, 40).Should().Be((5.0, 5.0));
        RerouteLoss.Coefficients(10, 20, 40).Should().Be((7.5, 2.5));
    }

    /// <summary>
    /// The criterion of <see cref="Options"/> on the tiny model, its frozen base taken before the tuned tensors are moved
    /// off it by seeded noise (at the base itself the gradient vanishes: cos(h, h₀) is at its maximum).
    /// </summary>
    private sealed class Harness : IDisposable
    {
        private readonly DisposeScope _scope = torch.NewDisposeScope();
        public LanguageModel Model { get; }
        public IReadOnlyList<(string Name, Linear Linear)> Tuned { get; }
        private readonly IDisposable _unfreeze;
        private readonly FrozenBase _frozen;
        private readonly TuningCriterion _criterion;
        private readonly List<EncodedExample> _rows, _retain;

        public Harness(ScalarType dtype)
        {
            Model = TinyTuningModel.Create(dtype: dtype);
            var target = TuningTarget.From(Options, Model.Network.Config);
            var selection = ParameterSelection.ForLayers(Options.TunedLayerList, Options.Projections);
            Tuned = selection.Resolve(Model.Network);
            _unfreeze = selection.Unfreeze(Model.Network);
            _frozen = new FrozenBase(Tuned);
            using var generator = new torch.Generator(11);
            using (torch.no_grad())
                foreach (var (_, linear) in Tuned) linear.Weight.add_(torch.randn(linear.Weight.shape, generator: generator).to(dtype) * 0.1);
            _rows = TinyTuningModel.Examples(3).Select(e => EncodedExample.Encode(Model.Tokenizer, e, null, Options.Position)).ToList();
            _retain = Options.RetainExamples!.Select(e => EncodedExample.Encode(Model.Tokenizer, e, null, Options.Position)).ToList();
            _criterion = new TuningCriterion(Model.Network, target, Options, selection, _frozen, [.. _rows, .. _retain]);
        }

        public IReadOnlyList<EncodedExample> Rows => _rows;
        public IReadOnlyList<EncodedExample> RetainRows => _retain;

        public (double Loss, double[][] Grads) LossAndGradients()
        {
            using var scope = torch.NewDisposeScope();
            foreach (var (_, l) in Tuned) l.Weight.grad?.zero_();
            var loss = _criterion.Loss(TuningBatch.Build(_rows, Model.Network.Config.VocabSize, Model.Network.Device, _retain), Schedule);
            loss.backward();
            var grads = Tuned.Select(p => p.Linear.Weight.grad!.to(ScalarType.Float64).ToArray<double>()).ToArray();
            foreach (var (_, l) in Tuned) l.Weight.grad!.zero_();
            return (loss.to(ScalarType.Float64).ToDouble(), grads);
        }

        /// <summary>The original (frozen base) weights back in the model, tuned ones kept aside: for an independent base pass.</summary>
        public T WithBase<T>(Func<T> pass) => _frozen.Run(pass);

        public void Dispose()
        {
            _criterion.Dispose();
            _frozen.Restore();
            _frozen.Dispose();
            _unfreeze.Dispose();
            Model.Dispose();
            _scope.Dispose();
        }
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 40)]
    public void Rerouting_gradient_matches_finite_differences_in_float64(int tensor, int element)
    {
        using var h = new Harness(ScalarType.Float64);
        var (_, grads) = h.LossAndGradients();
        var weight = h.Tuned[tensor].Linear.Weight;
        const double eps = 1e-6;
        double LossWith(double shift)
        {
            var bump = new double[weight.numel()];
            bump[element] = shift;
            using var delta = torch.tensor(bump, weight.shape);
            using (torch.no_grad()) weight.add_(delta);
            var loss = h.LossAndGradients().Loss;
            using (torch.no_grad()) weight.sub_(delta);
            return loss;
        }
        var numeric = (LossWith(eps) - LossWith(-eps)) / (2 * eps);
        Math.Abs(numeric).Should().BeGreaterThan(1e-6, "the chosen element must carry gradient");
        grads[tensor][element].Should().BeApproximately(numeric, 1e-7 + 1e-5 * Math.Abs(numeric));
    }

    [Fact]
    public void Loss_equals_an_independent_computation_from_separate_unbatched_forwards()
    {
        using var h = new Harness(ScalarType.Float64);
        var loss = h.LossAndGradients().Loss;
        // Each example alone (no padding), once with the tuned weights and once with the original ones.
        Dictionary<int, double[,]> Activations(EncodedExample e)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            using var capture = new ActivationRecorder(h.Model.Network, Options.Layers);
            var ids = torch.tensor(e.Ids.Select(i => (long)i).ToArray(), [1, e.Ids.Length]);
            h.Model.Network.Forward(ids).Dispose();
            return Options.Layers.ToDictionary(l => l, l =>
            {
                var a = capture.Activations[l].squeeze(0).ToArray<double>();
                var m = new double[e.Ids.Length, TinyTuningModel.Hidden];
                Buffer.BlockCopy(a, 0, m, 0, a.Length * sizeof(double));
                return m;
            });
        }
        double Term(IReadOnlyList<EncodedExample> rows, Func<double[], double[], double> perPosition) => Options.Layers.Average(layer =>
        {
            double sum = 0; int count = 0;
            foreach (var e in rows)
            {
                var tuned = Activations(e)[layer];
                var frozen = h.WithBase(() => Activations(e))[layer];
                for (var p = e.Target.Start; p < e.Target.End; p++, count++)
                    sum += perPosition(Row(tuned, p), Row(frozen, p));
            }
            return sum / count;
        });
        var rerouting = Term(h.Rows, (a, b) => Math.Max(0, Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b))));
        var retain = Term(h.RetainRows, (a, b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum()));
        rerouting.Should().BeInRange(0.05, 0.999, "the noise moves the activations but does not reroute them yet");
        loss.Should().BeApproximately(Schedule.Reroute * rerouting + Schedule.Retain * retain, 1e-10);
    }

    private static double[] Row(double[,] m, int p) => Enumerable.Range(0, m.GetLength(1)).Select(i => m[p, i]).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void Options_name_what_rerouting_needs_and_refuses()
    {
        void Rejects(TuningOptions options, string property, string message) =>
            FluentActions.Invoking(options.Validate).Should().Throw<ArgumentException>().Where(e => e.ParamName == property && e.Message.Contains(message));
        Rejects(Options with { Direction = TinyTuningModel.Vector() }, nameof(TuningOptions.Direction), "uses no direction");
        Rejects(Options with { RetainExamples = null }, nameof(TuningOptions.RetainExamples), "needs retain examples");
        Rejects(Options with { RetainExamples = [] }, nameof(TuningOptions.RetainExamples), "needs retain examples");
        Rejects(TuningOptions.Token([1]) with { RetainExamples = Retain }, nameof(TuningOptions.RetainExamples), "Reroute objective");
        Rejects(Options with { RerouteAlpha = 0 }, nameof(TuningOptions.RerouteAlpha), "> 0");
        Rejects(Options with { TokenLossWeight = 0.01 }, nameof(TuningOptions.TokenLossWeight), "takes none");
    }
}
