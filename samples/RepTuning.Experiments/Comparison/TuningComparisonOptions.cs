using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Experiments;

/// <summary>What a loss comparison trains, and how every variant is evaluated.</summary>
internal sealed record TuningComparisonOptions
{
    /// <summary>The base model (HF directory or llama2.c .bin); each tuned variant starts from a fresh copy.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The behaviour direction.</summary>
    public required SteeringVector Vector { get; init; }

    /// <summary>Layers whose activations the cosine loss targets (their V/O are tuned).</summary>
    public required IReadOnlyList<int> TargetLayers { get; init; }

    /// <summary>Where in the prompt the cosine loss and the held-out cosine (a span's activations averaged) are measured.</summary>
    public TokenPosition Position { get; init; } = TokenPosition.Last;

    /// <summary>Prompts (with answers for the token loss) the tuned variants train on.</summary>
    public required IReadOnlyList<TuningExample> TrainingExamples { get; init; }

    /// <summary>Prompts never trained on: the held-out cosine and the similarity map use them.</summary>
    public required IReadOnlyList<TuningExample> HeldOutExamples { get; init; }

    /// <summary>The variants, in report order; the first should be <see cref="ComparedVariant.Base"/>.</summary>
    public required IReadOnlyList<ComparedVariant> Variants { get; init; }

    /// <summary>Held-out choice items whose correct option is the behaviour.</summary>
    public required IReadOnlyList<ChoiceItem> BehaviourItems { get; init; }

    /// <summary>Text for the capability check (perplexity); null skips it.</summary>
    public string? PerplexityText { get; init; }

    /// <summary>Perplexity windows.</summary>
    public PerplexityOptions Perplexity { get; init; } = new() { Window = 256, MaxWindows = 16 };

    /// <summary>
    /// Seeds each tuned variant is trained with (<see cref="TuningOptions.Seed"/>: its train/validation split and batch
    /// order), one model per seed; base and steered variants are deterministic and run once.
    /// </summary>
    public IReadOnlyList<int> Seeds { get; init; } = [42];

    /// <summary>The robustness harness uses only the first this many behaviour items; null uses all.</summary>
    public int? RobustnessItemCount { get; init; }

    /// <summary>Steering attack for the robustness harness; null skips it.</summary>
    public RobustnessOptions? Robustness { get; init; }

    /// <summary>
    /// Multipliers m of the steer-back attack (<see cref="SteerBackAttack"/>): the base and every tuned model are scored under
    /// +m·v at the target layers on the robustness items (0 reuses the unsteered scores); null skips it.
    /// </summary>
    public IReadOnlyList<double>? SteerBackMultipliers { get; init; }

    /// <summary>Throws when something is missing or inconsistent.</summary>
    public void Validate()
    {
        if (TargetLayers.Count == 0) throw new ArgumentException("give at least one target layer");
        if (Variants.Count == 0) throw new ArgumentException("give at least one variant to compare");
        if (Variants.Select(v => v.Name).Distinct().Count() != Variants.Count) throw new ArgumentException("variant names must be distinct");
        if (TrainingExamples.Count == 0 || HeldOutExamples.Count == 0)
            throw new ArgumentException("training and held-out examples must not be empty");
        if (BehaviourItems.Count == 0) throw new ArgumentException("give at least one behaviour item");
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException("give at least one seed, each once");
        if (SteerBackMultipliers is { } m && (m.Count == 0 || m.Any(x => !double.IsFinite(x) || x < 0)))
            throw new ArgumentException("steer-back multipliers must be finite and >= 0 (0: unsteered), at least one");
        if (RobustnessItemCount is < 1) throw new ArgumentException("the robustness harness needs at least one item");
    }
}
