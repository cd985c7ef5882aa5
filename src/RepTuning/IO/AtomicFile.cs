namespace RepTuning.IO;

/// <summary>
/// Writes files so that readers never observe a half-written file: the content goes to a temporary
/// file in the same directory (so the final rename stays on one file system) and replaces the target
/// only once it is complete and flushed.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with UTF-8 <paramref name="text"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the lambda, so the write happens on an explicit stream here.
        string temp = CreateTempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Atomically replaces <paramref name="path"/> with whatever <paramref name="write"/> puts on the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = CreateTempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string CreateTempPath(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { /* best effort: the original error matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
