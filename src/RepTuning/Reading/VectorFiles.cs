using System.Buffers.Binary;
using RepTuning.Checkpoints;

namespace RepTuning.Reading;

/// <summary>
/// Which of the two vector formats a file is: read by content (a file may be named anything), written by
/// extension (the name is all there is to go by).
/// </summary>
internal static class VectorFiles
{
    /// <summary>
    /// True for a GGUF file (it starts with "GGUF"), false for safetensors (an 8-byte little-endian header
    /// length that fits the file, then the JSON header's '{').
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointFormatException">Neither format.</exception>
    internal static bool HoldsGguf(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no vector file at {path}", path);
        Span<byte> start = stackalloc byte[9];
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            start = start[..stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)];
        }
        if (start.StartsWith("GGUF"u8)) return true;
        if (start.Length == 9 && start[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(start) is >= 2 and var header && header <= (ulong)(length - 8))
            return false;
        throw new CheckpointFormatException(path,
            "not a steering vector file: neither GGUF (starts with \"GGUF\") nor safetensors (an 8-byte header length, then '{')");
    }

    /// <summary>True for a <c>.gguf</c> name, false for <c>.safetensors</c>.</summary>
    /// <exception cref="ArgumentException">Any other extension.</exception>
    internal static bool NamesGguf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".safetensors" => false,
        ".gguf" => true,
        var other => throw new ArgumentException(
            $"{path}: cannot tell the vector format from '{(other.Length == 0 ? "no extension" : other)}': name it .safetensors (RepTuning vector) or .gguf (llama.cpp control vector)"),
    };
}
