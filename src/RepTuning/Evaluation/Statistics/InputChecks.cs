namespace RepTuning.Evaluation.Statistics;

/// <summary>Argument validation shared by the statistics routines, so every entry point fails the same way.</summary>
internal static class InputChecks
{
    public static void NonEmptyFinite(double[]? values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length == 0)
            throw new ArgumentException($"Sample '{name}' is empty; at least one value is required.", name);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"Sample '{name}' contains a non-finite value ({values[i]}) at index {i}.", name);
        }
    }

    public static void MinimumLength(double[] values, int minimum, string name)
    {
        if (values.Length < minimum)
            throw new ArgumentException($"Sample '{name}' has {values.Length} values; at least {minimum} are required.", name);
    }

    public static void SameLength(double[] a, double[] b, string nameA, string nameB)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Paired samples '{nameA}' ({a.Length} values) and '{nameB}' ({b.Length} values) must have the same length.", nameB);
    }

    public static void Confidence(double confidence, string name)
    {
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"Confidence level must lie strictly between 0 and 1; got {confidence}.", name);
    }

    public static void Positive(int count, string name)
    {
        if (count <= 0)
            throw new ArgumentException($"'{name}' must be positive; got {count}.", name);
    }

    public static void Probability(double p, string name)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentException($"'{name}' must be a probability in [0, 1]; got {p}.", name);
    }
}
