using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;

namespace RepTuning.Tests.Checkpoints;

/// <summary>GGUF files whose sizes overflow, overlap or ask for far more memory than the file holds (issue #14).</summary>
public class GgufHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // GGUF v3 with no metadata, the given tensor infos (all F32) and `dataBytes` zero bytes after 32-byte alignment.
    private static byte[] WithTensors((ulong[] Dims, ulong Offset)[] tensors, int dataBytes)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Length);
        writer.Write(0ul);
        for (int i = 0; i < tensors.Length; i++)
        {
            writer.Write(3ul);
            writer.Write(System.Text.Encoding.ASCII.GetBytes($"t{i:00}"));
            writer.Write((uint)tensors[i].Dims.Length);
            foreach (ulong dim in tensors[i].Dims)
                writer.Write(dim);
            writer.Write((uint)GgufTensorType.F32);
            writer.Write(tensors[i].Offset);
        }
        writer.Write(new byte[(32 - stream.Length % 32) % 32 + dataBytes]);
        writer.Flush();
        return stream.ToArray();
    }

    public static TheoryData<ulong[], string> HostileDims() => new()
    {
        { [int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue], "need more than" },
        { [1ul << 30, 1ul << 30], "need more than" },
        { [int.MaxValue], "need more than" },
        { [1ul << 40], "too large" },
    };

    [Theory]
    [MemberData(nameof(HostileDims))]
    public void OverflowingDimensionsAreTypedErrors(ulong[] dims, string problem)
    {
        string path = _dir.File("dims.gguf");
        File.WriteAllBytes(path, WithTensors([(dims, 0)], 64));
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>()
            .Where(e => e.Origin == path && e.Message.Contains("'t00'") && e.Message.Contains(problem));
    }

    [Fact]
    public void HugeOffsetIsATypedError()
    {
        string path = _dir.File("offset.gguf");
        File.WriteAllBytes(path, WithTensors([([4], ulong.MaxValue - 31)], 64));
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*offset.gguf*'t00'*past the end*");
    }

    [Fact]
    public void TensorsSharingBytesCannotMultiplyMemory()
    {
        // 60 infos all pointing at the same 4 KB would once read 60 copies of it.
        string path = _dir.File("overlap.gguf");
        File.WriteAllBytes(path, WithTensors(Enumerable.Repeat((new ulong[] { 1024 }, 0ul), 60).ToArray(), 4096));
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*overlap.gguf*'t01'*overlapping*");
    }

    [Fact]
    public void LargeMetadataArrayTakesAboutItsSizeInMemory()
    {
        // A 4 MB uint8 array once became 4 M boxed bytes (about 130 MB).
        const int count = 4 << 20;
        string path = _dir.File("array.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["bytes"] = new GgufArray(GgufValueType.UInt8, new GgufItemList<byte>(new byte[count])) }, []);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var file = GgufFile.Read(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ((GgufArray)file.Metadata["bytes"]).Items.Should().HaveCount(count);
        allocated.Should().BeLessThan(3L * count);
    }

    [Fact]
    public void LargeStringArrayTakesASmallMultipleOfItsSize()
    {
        string[] words = [.. Enumerable.Range(0, 200_000).Select(i => (i % 97).ToString())];
        string path = _dir.File("strings.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["words"] = new GgufArray(GgufValueType.String, words) }, []);
        long size = new FileInfo(path).Length;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var file = GgufFile.Read(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ((GgufArray)file.Metadata["words"]).Items.Should().Equal(words);
        allocated.Should().BeLessThan(6 * size);
    }
}
