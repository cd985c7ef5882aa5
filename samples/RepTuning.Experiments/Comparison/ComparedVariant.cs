using RepTuning.Tuning;

namespace RepTuning.Experiments;

/// <summary>One way of getting the behaviour into (or out of) a model, compared against the others.</summary>
public abstract record ComparedVariant(string Name)
{
    /// <summary>The untouched base model.</summary>
    public sealed record Base() : ComparedVariant("base");

    /// <summary>Fine-tuned with <paramref name="Options"/> (its loss decides: cosine, token or mixed).</summary>
    /// <param name="Name">Label in reports.</param>
    /// <param name="Options">Training options (mode, loss, lr...).</param>
    /// <param name="Sign">+1 toward the behaviour, −1 against it.</param>
    public sealed record Tuned(string Name, TrainingOptions Options, int Sign = 1) : ComparedVariant(Name);

    /// <summary>The base model steered online with <c>Multiplier · v</c> at the target layers while it is evaluated.</summary>
    public sealed record Steered(string Name, double Multiplier) : ComparedVariant(Name);
}
