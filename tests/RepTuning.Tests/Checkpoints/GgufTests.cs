using System.Buffers.Binary;
using System.Text;
using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;

namespace RepTuning.Tests.Checkpoints;

public class GgufTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, object> AllValueTypes() => new()
    {
        ["general.architecture"] = "controlvector",
        ["u8"] = (byte)200, ["i8"] = (sbyte)-5, ["u16"] = (ushort)60000, ["i16"] = (short)-30000,
        ["u32"] = 4_000_000_000u, ["i32"] = -7, ["f32"] = 1.5f, ["bool"] = true, ["str"] = "héllo",
        ["u64"] = ulong.MaxValue, ["i64"] = long.MinValue, ["f64"] = Math.PI,
        ["ints"] = new GgufArray(GgufValueType.Int32, [1, 2, 3]),
        ["strings"] = new GgufArray(GgufValueType.String, ["a", "bc"]),
        ["empty"] = new GgufArray(GgufValueType.Float32, []),
        ["nested"] = new GgufArray(GgufValueType.Array, [new GgufArray(GgufValueType.UInt8, [(byte)1])]),
    };

    [Fact]
    public void MetadataAndTensorsRoundTrip()
    {
        string path = _dir.File("all.gguf");
        var metadata = AllValueTypes();
        GgufTensor[] tensors =
        [
            new("f32", GgufTensorType.F32, [3, 2], [1, 2, 3, 4, 5, -6.25f]),
            new("f16", GgufTensorType.F16, [5], [0.5f, -1, 2, 65504, 0]),
        ];
        GgufWriter.Write(path, metadata, tensors);

        var file = GgufFile.Read(path);
        file.Version.Should().Be(3);
        file.Alignment.Should().Be(32);
        file.Metadata.Keys.Should().Equal(metadata.Keys);
        foreach (var (key, value) in metadata)
            file.Metadata[key].Should().BeEquivalentTo(value, o => o.RespectingRuntimeTypes(), key);
        file.Metadata["u8"].Should().BeOfType<byte>();
        file.Metadata["i64"].Should().BeOfType<long>();
        file.Tensors.Should().BeEquivalentTo(tensors, o => o.WithStrictOrdering());
    }

    [Fact]
    public void PrefixAndAlignmentMatchTheSpecByteForByte()
    {
        string path = _dir.File("p.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["general.architecture"] = "controlvector" },
            [new GgufTensor("direction.1", GgufTensorType.F32, [2], [1f, 2f])]);
        byte[] bytes = File.ReadAllBytes(path);

        var expected = new List<byte>();
        expected.AddRange("GGUF"u8.ToArray());
        expected.AddRange(BitConverter.GetBytes(3u));
        expected.AddRange(BitConverter.GetBytes(1ul)); // tensors
        expected.AddRange(BitConverter.GetBytes(1ul)); // kv pairs
        expected.AddRange(BitConverter.GetBytes(20ul));
        expected.AddRange(Encoding.ASCII.GetBytes("general.architecture"));
        expected.AddRange(BitConverter.GetBytes(8u)); // string
        expected.AddRange(BitConverter.GetBytes(13ul));
        expected.AddRange(Encoding.ASCII.GetBytes("controlvector"));
        expected.AddRange(BitConverter.GetBytes(11ul));
        expected.AddRange(Encoding.ASCII.GetBytes("direction.1"));
        expected.AddRange(BitConverter.GetBytes(1u)); // n_dims
        expected.AddRange(BitConverter.GetBytes(2ul));
        expected.AddRange(BitConverter.GetBytes(0u)); // F32
        expected.AddRange(BitConverter.GetBytes(0ul)); // offset
        int dataStart = (expected.Count + 31) / 32 * 32;
        expected.AddRange(new byte[dataStart - expected.Count]);
        expected.AddRange(BitConverter.GetBytes(1f));
        expected.AddRange(BitConverter.GetBytes(2f));
        expected.AddRange(new byte[24]); // trailing padding to the alignment

        bytes.Should().Equal(expected);
    }

    [Fact]
    public void SecondTensorOffsetIsAligned()
    {
        string path = _dir.File("o.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["general.alignment"] = 64u },
            [new GgufTensor("a", GgufTensorType.F16, [3], [1, 2, 3]), new GgufTensor("b", GgufTensorType.F32, [1], [7])]);
        var file = GgufFile.Read(path);
        file.Alignment.Should().Be(64);
        file.Tensors[1].Data.Should().Equal(7f);
        (new FileInfo(path).Length % 64).Should().Be(0);
    }

    [Fact]
    public void TruncatedFilesAreRejected()
    {
        string path = _dir.File("t.gguf");
        GgufWriter.Write(path, AllValueTypes(), [new GgufTensor("x", GgufTensorType.F32, [16], new float[16])]);
        byte[] bytes = File.ReadAllBytes(path);
        foreach (int keep in new[] { 3, 10, 30, 200, bytes.Length - 40 })
        {
            File.WriteAllBytes(_dir.File("cut.gguf"), bytes[..keep]);
            FluentActions.Invoking(() => GgufFile.Read(_dir.File("cut.gguf")))
                .Should().Throw<CheckpointFormatException>($"{keep} of {bytes.Length} bytes were kept").WithMessage("*cut.gguf*");
        }
    }

    [Fact]
    public void WrongMagicAndVersionAreRejected()
    {
        string path = _dir.File("m.gguf");
        GgufWriter.Write(path, new Dictionary<string, object>(), []);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*magic*");
        bytes[0] = (byte)'G';
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        File.WriteAllBytes(path, bytes);
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*version 1*");
    }

    [Fact]
    public void ControlVectorRoundTripsInRepengLayout()
    {
        string path = _dir.File("cv.gguf");
        var vector = new GgufControlVector("llama", new Dictionary<int, float[]> { [2] = [1, 2, 3], [1] = [-1, 0, 1] });
        vector.Write(path);

        var file = GgufFile.Read(path);
        file.Metadata["general.architecture"].Should().Be("controlvector");
        file.Metadata["controlvector.model_hint"].Should().Be("llama");
        file.Metadata["controlvector.layer_count"].Should().Be(2u);
        file.Tensors.Select(t => t.Name).Should().Equal("direction.1", "direction.2");
        file.Tensors.Should().OnlyContain(t => t.Type == GgufTensorType.F32 && t.Dims.Length == 1 && t.Dims[0] == 3);

        var read = GgufControlVector.Read(path);
        read.ModelHint.Should().Be("llama");
        read.Directions.Should().BeEquivalentTo(vector.Directions);
    }

    [Theory]
    [InlineData("direction.3", "*tensor 'direction.3' appears twice*")]
    [InlineData("direction.03", "*'direction.3' and 'direction.03'*layer 3*")]
    public void ControlVectorWithTwoDirectionsForOneLayerIsRefused(string second, string message)
    {
        string path = _dir.File("dup.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["general.architecture"] = "controlvector" },
            [new GgufTensor("direction.3", GgufTensorType.F32, [2], [1f, 2f]), new GgufTensor(second, GgufTensorType.F32, [2], [3f, 4f])]);
        FluentActions.Invoking(() => GgufControlVector.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*dup.gguf*" + message);
    }

    // GGUF v3, no tensors, one key whose value holds arrays nested `depth` deep (12 bytes a level).
    private static byte[] NestedArrays(int depth)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write(0ul);
        writer.Write(1ul);
        writer.Write(4ul);
        writer.Write("deep"u8);
        writer.Write((uint)GgufValueType.Array);
        for (int i = 0; i < depth; i++)
        {
            writer.Write((uint)GgufValueType.Array);
            writer.Write(1ul);
        }
        writer.Write((uint)GgufValueType.UInt8);
        writer.Write(0ul);
        writer.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void DeeplyNestedArraysAreATypedErrorNotAStackOverflow()
    {
        string path = _dir.File("deep.gguf");
        File.WriteAllBytes(path, NestedArrays(20_000)); // 240 KB
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*deep.gguf*'deep'*nested more than 16*");
        File.WriteAllBytes(path, NestedArrays(15));
        GgufFile.Read(path).Metadata["deep"].Should().BeOfType<GgufArray>();
    }

    [Fact]
    public void ArrayCountsAreBoundedByTheBytesTheirItemsNeed()
    {
        string path = _dir.File("count.gguf");
        GgufWriter.Write(path, new Dictionary<string, object> { ["big"] = new GgufArray(GgufValueType.UInt64, [1ul, 2ul]) }, []);
        byte[] bytes = File.ReadAllBytes(path);
        // The count sits after magic, version, two counts, the key (8 + 3) and the value and element types.
        int countAt = 4 + 4 + 8 + 8 + 8 + 3 + 4 + 4;
        BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(countAt)).Should().Be(2ul);
        (bytes.Length - countAt - 8).Should().BeInRange(10, 79, "the bytes left can hold 10 single bytes but not 10 uint64");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(countAt), 10);
        File.WriteAllBytes(path, bytes);
        FluentActions.Invoking(() => GgufFile.Read(path)).Should().Throw<CheckpointFormatException>().WithMessage("*'big'*10 UInt64 items cannot fit*");
    }

    [Fact]
    public void ControlVectorRejectsLayerZero() =>
        FluentActions.Invoking(() => new GgufControlVector("llama", new Dictionary<int, float[]> { [0] = [1f] }).Write(_dir.File("z.gguf")))
            .Should().Throw<ArgumentException>().WithMessage("*direction.0*");
}
