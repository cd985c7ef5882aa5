using RepTuning.Reading;

namespace RepTuning.Cli.Commands;

/// <summary>
/// Writes a vector in the format its file name asks for: <c>.safetensors</c> (RepTuning's vector file, every
/// layer) or <c>.gguf</c> (a llama.cpp control vector). llama.cpp never reads <c>direction.0</c>, so a
/// <c>.gguf</c> leaves out layer 0 with a warning; asking for layer 0 alone is an error.
/// </summary>
internal static class VectorOutput
{
    /// <summary>
    /// Checks <paramref name="path"/> (the <c>--out</c> option) before any work: a known extension, a writable folder,
    /// and for <c>.gguf</c> at least one layer above 0 among <paramref name="layers"/> (null: every layer).
    /// </summary>
    internal static void Check(string path, IReadOnlyList<int>? layers)
    {
        if (IsGguf(path) && layers is { Count: > 0 } && layers.All(l => l == 0))
            throw new ArgumentException($"--out {path}: a llama.cpp control vector cannot hold layer 0 (llama.cpp never reads direction.0), the only layer asked for: choose other --layers or write .safetensors");
        OutputPaths.CheckFile(path, "--out");
    }

    /// <summary>Writes <paramref name="vector"/> to <paramref name="path"/> by extension; a <c>.gguf</c> drops layer 0 with a warning on stderr.</summary>
    internal static void Write(SteeringVector vector, string path)
    {
        if (IsGguf(path) && vector.HasLayer(0))
        {
            Console.Error.WriteLine($"warning: {path} leaves out layer 0: llama.cpp never reads direction.0 (write .safetensors to keep every layer)");
            vector = vector.WithLayers(vector.Layers.Where(l => l > 0));
        }
        vector.Save(path);
    }

    private static bool IsGguf(string path)
    {
        try
        {
            return VectorFiles.NamesGguf(path);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--out {e.Message}", e);
        }
    }
}
