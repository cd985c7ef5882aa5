using RepTuning.Checkpoints;
using RepTuning.Reading;

namespace RepTuning.Tuning;

/// <summary>
/// Where and which way to tune: the residual stream (resid_post) of <see cref="Layers"/> at
/// <see cref="Position"/> is pushed toward (<see cref="Sign"/> +1) or against (-1) one direction per layer.
/// Build it with <see cref="Create"/>, which checks the vector against the model.
/// </summary>
public sealed record TuningTarget
{
    private TuningTarget(IReadOnlyList<int> layers, IReadOnlyDictionary<int, float[]> directions, TuningPosition position, int sign)
    {
        Layers = layers;
        Directions = directions;
        Position = position;
        Sign = sign;
    }

    /// <summary>Target layers, ascending and distinct.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The direction (D values) at each target layer, copied from the vector.</summary>
    public IReadOnlyDictionary<int, float[]> Directions { get; }

    /// <summary>The positions the loss reads.</summary>
    public TuningPosition Position { get; }

    /// <summary>+1 toward the behaviour the vector points to, -1 against it.</summary>
    public int Sign { get; }

    /// <summary>
    /// A target at <paramref name="layers"/> using <paramref name="vector"/>'s directions there; throws
    /// <see cref="VectorMismatchException"/> when the vector was made for another model shape or lacks a layer.
    /// </summary>
    public static TuningTarget Create(SteeringVector vector, ModelConfig config, IEnumerable<int> layers, TuningPosition position, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(position);
        vector.CheckCompatible(config);
        position.Validate();
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign), sign, "sign must be +1 (toward the behaviour) or -1 (against it)");
        var sorted = layers.Distinct().Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("give at least one target layer", nameof(layers));
        var directions = new Dictionary<int, float[]>();
        foreach (var l in sorted)
        {
            if (l < 0 || l >= config.NumHiddenLayers)
                throw new ArgumentOutOfRangeException(nameof(layers), $"no layer {l}: the model has {config.NumHiddenLayers} (0-{config.NumHiddenLayers - 1})");
            if (!vector.HasLayer(l))
                throw new VectorMismatchException($"the vector has no direction for target layer {l}; it has layers {string.Join(", ", vector.Layers)}");
            if (vector.Norm(l) == 0) throw new VectorMismatchException($"the vector's direction at layer {l} is zero: a cosine to it is undefined");
            directions[l] = vector[l].ToArray();
        }
        return new TuningTarget(sorted, directions, position, sign);
    }

    /// <summary>SHA-256 (hex) of the target directions' bytes, layer by layer: identifies the vector in tuned-weight files.</summary>
    public string DirectionHash()
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var l in Layers)
        {
            sha.AppendData(BitConverter.GetBytes(l));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Directions[l].AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
