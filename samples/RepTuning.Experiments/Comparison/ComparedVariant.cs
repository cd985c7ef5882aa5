using RepTuning.Tuning;

namespace RepTuning.Experiments;

/// <summary>One way of getting the behaviour into (or out of) a model, compared against the others.</summary>
internal abstract record ComparedVariant(string Name)
{
    /// <summary>The untouched base model.</summary>
    public sealed record Base() : ComparedVariant("base");

    /// <summary>
    /// Fine-tuned with <paramref name="Options"/> (its objective decides: tune in, tune out or the token baseline); the
    /// direction, layers, position and seeds are the comparison's own (<see cref="TuningComparisonOptions"/>), whatever the options say.
    /// </summary>
    /// <param name="Name">Label in reports.</param>
    /// <param name="Options">Objective and hyper-parameters (lr, epochs...).</param>
    public sealed record Tuned(string Name, TuningOptions Options) : ComparedVariant(Name);

    /// <summary>The base model steered online with <c>Multiplier · v</c> at the target layers while it is evaluated.</summary>
    public sealed record Steered(string Name, double Multiplier) : ComparedVariant(Name);
}
