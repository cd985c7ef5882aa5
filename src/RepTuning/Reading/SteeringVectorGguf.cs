using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;

namespace RepTuning.Reading;

/// <summary>
/// Converts steering vectors to and from llama.cpp / repeng GGUF control vectors. llama.cpp adds
/// <c>direction.k</c> to the output of 0-based block k, which is our resid_post[k], so layer numbers carry over
/// unchanged. llama.cpp never reads <c>direction.0</c>: a vector with a layer-0 direction is refused on export
/// (rather than silently losing part of the intervention).
/// </summary>
internal static class SteeringVectorGguf
{
    /// <summary>The model hint repeng and llama.cpp use for Llama-family models.</summary>
    public const string LlamaHint = "llama";

    /// <summary>The <see cref="SteeringVectorInfo.Method"/> of an imported control vector.</summary>
    internal const string Method = "gguf-control-vector";

    /// <summary>Writes <paramref name="vector"/> as a GGUF control vector (F32 <c>direction.k</c> per layer k).</summary>
    /// <exception cref="VectorMismatchException">The vector has a layer-0 direction, which llama.cpp cannot apply.</exception>
    public static void Export(SteeringVector vector, string path, string modelHint = LlamaHint)
    {
        if (vector.HasLayer(0))
            throw new VectorMismatchException(
                "a GGUF control vector cannot hold layer 0 (llama.cpp never reads direction.0); " +
                "drop it first with vector.WithLayers(vector.Layers.Where(l => l > 0))");
        var directions = vector.Layers.ToDictionary(l => l, l => vector[l].ToArray());
        new GgufControlVector(modelHint, directions).Write(path);
    }

    /// <summary>
    /// Reads a GGUF control vector for the model described by <paramref name="config"/> (which fills
    /// <see cref="SteeringVectorInfo"/>), or with no model (<paramref name="config"/> null: the width is the
    /// directions', the depth what the highest direction needs). A hint other than "llama" is logged, not
    /// refused: Mistral and Qwen vectors share the format.
    /// </summary>
    /// <exception cref="VectorMismatchException">Directions of another width, layers the model lacks, or NaN values.</exception>
    /// <exception cref="CheckpointFormatException">Not a control vector file.</exception>
    public static SteeringVector Import(string path, ModelConfig? config, string modelId = "", ILogger? logger = null)
    {
        var file = GgufControlVector.Read(path);
        if (file.Directions.Count == 0) throw new CheckpointFormatException(path, "the control vector has no direction tensors");
        if (file.ModelHint != LlamaHint)
            (logger ?? NullLogger.Instance).LogWarning("Control vector {Path} has model hint '{Hint}', not '{Llama}'", path, file.ModelHint, LlamaHint);
        // A control vector records no model: without one, its shape is its own (one width, the layers it has).
        var widths = file.Directions.Values.Select(d => d.Length).Distinct().ToList();
        if (config is null && widths.Count > 1)
            throw new VectorMismatchException($"{path} has directions of different widths ({string.Join(", ", widths)}): it is not one vector");
        var hiddenSize = config?.HiddenSize ?? widths[0];
        var layerCount = config?.NumHiddenLayers ?? file.Directions.Keys.Max() + 1;
        foreach (var (layer, direction) in file.Directions)
        {
            if (layer >= layerCount)
                throw new VectorMismatchException(
                    $"{path} has direction.{layer} but the model has {layerCount} layers (0-{layerCount - 1}): it was made for a deeper model");
            if (direction.Length != hiddenSize)
                throw new VectorMismatchException(
                    $"{path} has directions of width {direction.Length} but the model's hidden size is {hiddenSize}: it was made for another model");
        }
        return new SteeringVector(file.Directions, new SteeringVectorInfo
        {
            ModelId = modelId,
            HiddenSize = hiddenSize,
            LayerCount = layerCount,
            Method = Method,
        });
    }
}
