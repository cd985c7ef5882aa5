using RepTuning.Checkpoints;
using RepTuning.Reading;

namespace RepTuning.Tuning;

/// <summary>
/// The target layers of a run (ascending, distinct) and, for the cosine objectives, the direction at each, copied from
/// <see cref="TuningOptions.Direction"/> once it is checked against the model.
/// </summary>
internal sealed record TuningTarget(IReadOnlyList<int> Layers, IReadOnlyDictionary<int, float[]> Directions)
{
    /// <summary>
    /// The target of validated <paramref name="options"/> on a model of <paramref name="config"/>; throws
    /// <see cref="VectorMismatchException"/> when the direction was made for another model shape, lacks a layer or is zero there.
    /// </summary>
    public static TuningTarget From(TuningOptions options, ModelConfig config)
    {
        var sorted = options.Layers.Distinct().Order().ToList();
        foreach (var l in sorted.Concat(options.TunedLayerList))
            if (l < 0 || l >= config.NumHiddenLayers)
                throw new ArgumentOutOfRangeException(nameof(options), $"no layer {l}: the model has {config.NumHiddenLayers} (0-{config.NumHiddenLayers - 1})");
        var directions = new Dictionary<int, float[]>();
        if (options.Direction is not { } vector) return new TuningTarget(sorted, directions);
        vector.CheckCompatible(config);
        foreach (var l in sorted)
        {
            if (!vector.HasLayer(l))
                throw new VectorMismatchException($"the vector has no direction for target layer {l}; it has layers {string.Join(", ", vector.Layers)}");
            if (vector.Norm(l) == 0) throw new VectorMismatchException($"the vector's direction at layer {l} is zero: a cosine to it is undefined");
            directions[l] = vector[l].ToArray();
        }
        return new TuningTarget(sorted, directions);
    }

    /// <summary>SHA-256 (hex) of the target directions' bytes, layer by layer: identifies the vector in tuned-weight files ("" without one).</summary>
    public string DirectionHash()
    {
        if (Directions.Count == 0) return "";
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var l in Layers)
        {
            sha.AppendData(BitConverter.GetBytes(l));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Directions[l].AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
