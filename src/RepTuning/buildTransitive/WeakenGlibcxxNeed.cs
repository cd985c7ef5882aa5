// Compiled by MSBuild (RoslynCodeTaskFactory) from RepTuning.targets, and by the tests as a plain class.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 for one symbol
/// (std::ios_base_library_init, an iostream anchor GCC 13 emits and nothing calls). libstdc++ on Debian 12
/// and Ubuntu 22.04 stops at 3.4.30, so the dynamic loader refuses the library. Marking that version need
/// weak (VER_FLG_WEAK on its Vernaux entry) lets it load; this task does that to the copies in an output
/// folder, never to the NuGet cache, and only where the machine's libstdc++ lacks the version.
/// </summary>
public sealed class WeakenGlibcxxNeed : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 2;

    /// <summary>Copies of libLibTorchSharp.so in the output folder.</summary>
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version need to weaken.</summary>
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>Patches every library that needs <see cref="Version"/> when the system libstdc++ lacks it.</summary>
    public override bool Execute()
    {
        if (SystemLibStdCxxHas(Version))
        {
            Log.LogMessage(MessageImportance.Low, $"RepTuning: libstdc++ provides {Version}; TorchSharp's library is left as it is");
            return true;
        }
        foreach (var item in Libraries)
        {
            try
            {
                if (WeakenInPlace(item.ItemSpec, Version))
                    Log.LogMessage(MessageImportance.Normal, $"RepTuning: marked the {Version} need of {item.ItemSpec} weak (this libstdc++ stops before it)");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"RepTuning: cannot weaken the {Version} need of {item.ItemSpec}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> (through a temporary file and a rename, so a hard link into the NuGet
    /// cache is never written through) with the need for <paramref name="version"/> marked weak. Keeps the
    /// file's timestamp so incremental builds do not copy it again. Returns false when there was nothing to do.
    /// </summary>
    public static bool WeakenInPlace(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        if (!Weaken(bytes, version)) return false;
        var stamp = File.GetLastWriteTimeUtc(path);
        var temp = path + ".weakening";
        File.WriteAllBytes(temp, bytes);
        File.SetLastWriteTimeUtc(temp, stamp);
        File.Replace(temp, path, null); // a rename: the old inode (maybe the NuGet cache's) stays as it was
        return true;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on every Vernaux entry of the ELF64 image that names <paramref name="version"/>.
    /// Returns true when a flag changed; throws <see cref="InvalidDataException"/> for a file that is not
    /// a little-endian ELF64 image or whose version tables point outside it.
    /// </summary>
    public static bool Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian 64-bit ELF file");
        var sectionTable = checked((int)U64(elf, 0x28));
        int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        var changed = false;
        for (var s = 0; s < count; s++)
        {
            var header = checked(sectionTable + s * entrySize);
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;
            var start = checked((int)U64(elf, header + 24));
            var strings = checked(sectionTable + (int)U32(elf, header + 40) * entrySize);
            var stringsStart = checked((int)U64(elf, strings + 24));
            var needs = U32(elf, header + 44);
            var need = start;
            for (var n = 0; n < needs; n++)
            {
                var aux = checked(need + (int)U32(elf, need + 8));
                for (var a = 0; a < U16(elf, need + 2); a++)
                {
                    if (Name(elf, checked(stringsStart + (int)U32(elf, aux + 8))) == version)
                    {
                        var flags = U16(elf, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            elf[aux + 4] = (byte)(flags | VerFlagWeak);
                            elf[aux + 5] = (byte)((flags | VerFlagWeak) >> 8);
                            changed = true;
                        }
                    }
                    aux = checked(aux + (int)U32(elf, aux + 12));
                }
                need = checked(need + (int)U32(elf, need + 12));
            }
        }
        return changed;
    }

    /// <summary>Whether the libstdc++ the loader would pick defines <paramref name="version"/>.</summary>
    public static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            // Version names sit NUL-terminated in .dynstr; libstdc++ only names the versions it defines.
            return IndexOf(File.ReadAllBytes(candidate), Encoding.ASCII.GetBytes(version + "\0")) >= 0;
        }
        return true; // no glibc libstdc++ found (another OS): nothing to fix
    }

    // The task compiles against netstandard2.0 (no spans), hence a plain search.
    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private static string Name(byte[] elf, int offset)
    {
        var end = Array.IndexOf(elf, (byte)0, Check(elf, offset, 1));
        if (end < 0) throw new InvalidDataException("unterminated string in the ELF string table");
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }

    private static ushort U16(byte[] b, int at) => BitConverter.ToUInt16(b, Check(b, at, 2));
    private static uint U32(byte[] b, int at) => BitConverter.ToUInt32(b, Check(b, at, 4));
    private static ulong U64(byte[] b, int at) => BitConverter.ToUInt64(b, Check(b, at, 8));

    private static int Check(byte[] b, int at, int width) =>
        at >= 0 && at <= b.Length - width ? at : throw new InvalidDataException($"ELF offset {at} lies outside the {b.Length}-byte file");
}
