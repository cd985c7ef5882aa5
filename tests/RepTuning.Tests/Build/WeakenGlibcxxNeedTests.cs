namespace RepTuning.Tests.Build;

/// <summary>The packaged build step that lets TorchSharp's native library load where libstdc++ predates GLIBCXX_3.4.32.</summary>
public class WeakenGlibcxxNeedTests
{
    private const string Version = "GLIBCXX_3.4.32";

    // The library as TorchSharp ships it, in the NuGet cache (the build output holds an already weakened copy).
    private static string PristineLibrary()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return TestPaths.Require(Path.Combine(cache, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
    }

    [Fact]
    public void Weakening_sets_one_flag_bit_and_a_second_pass_changes_nothing()
    {
        var original = File.ReadAllBytes(PristineLibrary());
        var bytes = (byte[])original.Clone();

        WeakenGlibcxxNeed.Weaken(bytes, Version).Should().BeTrue();

        var changed = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] != original[i]).ToList();
        changed.Should().ContainSingle("only the vna_flags of the one Vernaux entry change");
        (bytes[changed[0]] ^ original[changed[0]]).Should().Be(2, "VER_FLG_WEAK is bit 1 of vna_flags");
        WeakenGlibcxxNeed.Weaken(bytes, Version).Should().BeFalse();
        WeakenGlibcxxNeed.Weaken((byte[])original.Clone(), "GLIBCXX_9.9.99").Should().BeFalse("no entry names that version");
    }

    [Fact]
    public void Weakening_in_place_rewrites_through_a_new_file_and_keeps_the_timestamp()
    {
        using var dir = new TempDirectory();
        var copy = dir.File("libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        var stamp = File.GetLastWriteTimeUtc(copy);

        WeakenGlibcxxNeed.WeakenInPlace(copy, Version).Should().BeTrue();

        File.GetLastWriteTimeUtc(copy).Should().Be(stamp, "an unchanged timestamp keeps incremental builds from copying it again");
        Directory.GetFiles(dir.Path).Should().ContainSingle("no temporary file is left behind");
        WeakenGlibcxxNeed.WeakenInPlace(copy, Version).Should().BeFalse();
    }

    [Fact]
    public void The_library_in_the_test_output_was_weakened_by_the_build_where_libstdcxx_lacks_the_version()
    {
        var built = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        var expectWeak = !WeakenGlibcxxNeed.SystemLibStdCxxHas(Version);

        WeakenGlibcxxNeed.Weaken(built, Version).Should().Be(!expectWeak, expectWeak
            ? "this libstdc++ lacks the version, so the build must have marked the need weak"
            : "this libstdc++ has the version, so the build must have left the library as shipped");
    }

    [Theory]
    [InlineData("not an ELF file")]
    [InlineData("lies outside")]
    public void Files_that_are_not_whole_ELF64_images_fail_with_a_clear_message(string message)
    {
        var bytes = message == "not an ELF file"
            ? "#!/bin/sh\necho not a library\n"u8.ToArray().Concat(new byte[64]).ToArray()
            : File.ReadAllBytes(PristineLibrary()).Take(4096).ToArray(); // the header points past the cut

        var weaken = () => WeakenGlibcxxNeed.Weaken(bytes, Version);

        weaken.Should().Throw<InvalidDataException>().WithMessage($"*{message}*");
    }
}
