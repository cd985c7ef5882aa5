using RepTuning.Models;

namespace RepTuning.Interventions;

/// <summary>
/// Which tokens an intervention rewrites. Positions are absolute and padding-aware (a row's first real token
/// is position 0, see <see cref="HookContext.Positions"/>); padding tokens are never rewritten.
/// </summary>
public abstract record SteeringPositions
{
    private protected SteeringPositions() { }

    /// <summary>Every real token.</summary>
    public static SteeringPositions All { get; } = new AllPositions();

    /// <summary>
    /// Generated tokens only: tokens fed after the prompt, i.e. in forward calls that continue a KV cache
    /// (position ≥ prompt length under <see cref="Models.Generation.TextGeneration"/> with its cache). A
    /// forward pass without a cache has no generated tokens.
    /// </summary>
    public static SteeringPositions Generated { get; } = new GeneratedPositions();

    /// <summary>Tokens at absolute position <paramref name="start"/> and later.</summary>
    public static SteeringPositions From(int start) => start >= 0 ? new FromPosition(start)
        : throw new ArgumentOutOfRangeException(nameof(start), start, "positions are absolute and start at 0");

    /// <summary>Tokens at exactly these absolute positions.</summary>
    public static SteeringPositions At(params int[] positions)
    {
        if (positions.Length == 0) throw new ArgumentException("give at least one position", nameof(positions));
        if (positions.Any(p => p < 0)) throw new ArgumentOutOfRangeException(nameof(positions), "positions are absolute and start at 0");
        return new AtPositions(positions.Distinct().Order().ToArray());
    }

    /// <summary>(B, T) bool of the tokens to rewrite, or null when the call has none.</summary>
    internal abstract Tensor? Select(HookContext context);

    private static Tensor Real(HookContext context) => context.AttentionMask.ne(0L);

    private sealed record AllPositions : SteeringPositions
    {
        internal override Tensor? Select(HookContext context) => Real(context);
        public override string ToString() => "all";
    }

    private sealed record GeneratedPositions : SteeringPositions
    {
        internal override Tensor? Select(HookContext context) => context.PastLength > 0 ? Real(context) : null;
        public override string ToString() => "generated";
    }

    private sealed record FromPosition(int Start) : SteeringPositions
    {
        internal override Tensor? Select(HookContext context) => Real(context).logical_and(context.Positions.ge(Start));
        public override string ToString() => $"from {Start}";
    }

    private sealed record AtPositions(int[] Positions) : SteeringPositions
    {
        internal override Tensor? Select(HookContext context)
        {
            var hit = context.Positions.eq(Positions[0]);
            foreach (var p in Positions.Skip(1)) hit = hit.logical_or(context.Positions.eq(p));
            return Real(context).logical_and(hit);
        }

        public override string ToString() => $"at {string.Join(", ", Positions)}";
    }
}
