using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RepTuning.IO;

/// <summary>
/// Temporary sibling directories named after their target and the process that owns them
/// (<c>.NAME.PID.GUID.tmp</c>), so that folders left by a killed process can be recognised and removed
/// without touching the folder of an export still running in another process.
/// </summary>
internal static class OwnedTempDirectory
{
    /// <summary>Creates a new, empty temporary directory for <paramref name="target"/> in its parent, owned by this process.</summary>
    public static string Create(string target)
    {
        var full = Path.GetFullPath(target);
        var path = Path.Combine(ParentOf(full), $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Deletes the temporary directories of <paramref name="target"/> whose owning process is no longer running
    /// (best effort: one that cannot be deleted is left). Folders of live processes, this one included, and
    /// names not of this form are kept. Returns the paths deleted.
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string target)
    {
        var full = Path.GetFullPath(target);
        var parent = ParentOf(full);
        if (!Directory.Exists(parent)) return [];
        var pattern = new Regex($"^\\.{Regex.Escape(Path.GetFileName(full))}\\.([0-9]{{1,10}})\\.[0-9a-f]{{32}}\\.tmp$", RegexOptions.CultureInvariant);
        var removed = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(parent, $".{Path.GetFileName(full)}.*.tmp"))
        {
            var match = pattern.Match(Path.GetFileName(dir));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (IsRunning(pid)) continue;
            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort */ }
        }
        return removed;
    }

    /// <summary>Whether a process with this id exists now (a reused id counts as running: the folder is kept).</summary>
    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException) { return true; }
    }

    private static string ParentOf(string full) => Path.GetDirectoryName(full) ?? ".";
}
