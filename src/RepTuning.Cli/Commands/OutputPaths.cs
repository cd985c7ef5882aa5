namespace RepTuning.Cli.Commands;

/// <summary>
/// Checks an output path before a command does any work (loading, capturing, training), so a typo in
/// <c>--out</c> costs a second, not the whole run.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Refuses <paramref name="path"/> (given as <paramref name="option"/>) when it is a folder or its folder cannot be created or written.</summary>
    internal static void CheckFile(string path, string option)
    {
        if (Directory.Exists(path))
            throw new IOException($"{option} {path} is a folder: give a file name");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Create(folder, option, path);
        ProbeWrite(folder, option, path);
    }

    /// <summary>Creates the output folder <paramref name="path"/> (given as <paramref name="option"/>) and checks that it can be written.</summary>
    internal static void PrepareFolder(string path, string option)
    {
        if (File.Exists(path))
            throw new IOException($"{option} {path} is a file, not a folder: give a folder");
        Create(path, option, path);
        ProbeWrite(path, option, path);
    }

    private static void Create(string folder, string option, string path)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {path}: cannot create the folder {folder} ({e.Message})", e);
        }
    }

    // Writes and deletes an empty file: permissions, a read-only mount or a full quota show up now.
    private static void ProbeWrite(string folder, string option, string path)
    {
        var probe = Path.Combine(folder, $".reptune-write-check-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {path}: the folder {folder} cannot be written ({e.Message})", e);
        }
    }
}
