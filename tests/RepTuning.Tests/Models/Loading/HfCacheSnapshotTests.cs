using System.Security.Cryptography;
using RepTuning.Models;
using RepTuning.Models.Loading;

namespace RepTuning.Tests.Models.Loading;

/// <summary>
/// A Hugging Face hub cache snapshot (<c>models--org--name/snapshots/REV/</c>) holds relative symlinks into
/// <c>../../blobs/</c>; loading it reads the files the links point to.
/// </summary>
public class HfCacheSnapshotTests
{
    [Fact]
    public void A_hub_cache_snapshot_of_symlinks_into_blobs_loads_like_the_plain_directory()
    {
        using var temp = new TempDirectory();
        var plain = temp.File("export");
        HfModelExporter.Export(TestModels.Stories15M, plain);
        var snapshot = CacheSnapshot(plain, temp.File("hub"));
        Directory.EnumerateFiles(snapshot).Should().OnlyContain(f => new FileInfo(f).LinkTarget != null, "every snapshot file is a link");

        using var fromCache = LanguageModel.Load(snapshot);
        fromCache.Network.Config.Should().BeEquivalentTo(TestModels.Stories15M.Network.Config);
        var ids = TestModels.Stories15M.Tokenizer.Encode("Once upon a time", addBos: true);
        fromCache.Tokenizer.Encode("Once upon a time", addBos: true).Should().Equal(ids);
        TensorAssert.MaxAbsDiff(TensorAssert.Logits(fromCache.Network, ids), TensorAssert.Logits(TestModels.Stories15M.Network, ids)).Should().BeLessThan(1e-4f);
    }

    /// <summary>Moves every file of <paramref name="plain"/> to <c>models--org--name/blobs/SHA256</c> and links it from <c>snapshots/REV/NAME</c>, as huggingface_hub does.</summary>
    private static string CacheSnapshot(string plain, string hub)
    {
        var repo = Path.Combine(hub, "models--reptuning--stories15M");
        var blobs = Path.Combine(repo, "blobs");
        var snapshot = Path.Combine(repo, "snapshots", "0123456789abcdef0123456789abcdef01234567");
        Directory.CreateDirectory(blobs);
        Directory.CreateDirectory(snapshot);
        foreach (var file in Directory.EnumerateFiles(plain))
        {
            string hash;
            using (var stream = File.OpenRead(file)) hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            File.Move(file, Path.Combine(blobs, hash));
            File.CreateSymbolicLink(Path.Combine(snapshot, Path.GetFileName(file)), Path.Combine("..", "..", "blobs", hash));
        }
        return snapshot;
    }
}
