using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using RepTuning.Checkpoints;

namespace RepTuning.Tests.Checkpoints;

public class SafetensorsRoundTripTests
{
    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void EveryDTypeAndMetadataRoundTripExactly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("all.safetensors");
        var tensors = Enum.GetValues<DType>()
            .Select((dtype, i) => new TensorToWrite($"t.{dtype}", dtype, [2, 3], Pattern(6 * dtype.SizeInBytes(), i)))
            .Append(new TensorToWrite("empty", DType.F32, [0, 4], Array.Empty<byte>()))
            .Append(new TensorToWrite("scalar", DType.F64, [], Pattern(8, 99)))
            .ToList();
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode + <tags>" };

        SafetensorsWriter.Write(path, tensors, metadata);

        using var file = SafetensorsFile.Open(path);
        file.Metadata.Should().BeEquivalentTo(metadata);
        file.Tensors.Select(t => t.Name).Should().Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tensor in tensors)
        {
            var entry = file.Get(tensor.Name);
            entry.DType.Should().Be(tensor.DType);
            entry.Shape.Should().Equal(tensor.Shape);
            file.GetBytes(entry).ToArray().Should().Equal(tensor.Data.ToArray());
        }
    }

    [Fact]
    public void DataSectionIsEightByteAligned()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.safetensors");
        for (int nameLength = 1; nameLength <= 9; nameLength++)
        {
            SafetensorsWriter.Write(path, [new TensorToWrite(new string('x', nameLength), DType.U8, [1], new byte[] { 7 })], null);
            byte[] bytes = File.ReadAllBytes(path);
            long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            (headerLength % 8).Should().Be(0);
            Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' ').Should().StartWith("{").And.EndWith("}");
            bytes[^1].Should().Be(7);
        }
    }

    [Fact]
    public void HandBuiltTwoByTwoFloatFileMatchesByteForByte()
    {
        // 57 bytes of JSON, padded with 7 spaces to 64 so the data starts 8-byte aligned at 8 + 64.
        const string json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes(64L));
        expected.AddRange(Encoding.ASCII.GetBytes(json + "       "));
        foreach (float value in new[] { 1f, -2f, 0.5f, 3.25f })
            expected.AddRange(BitConverter.GetBytes(value));

        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        float[] values = [1f, -2f, 0.5f, 3.25f];
        SafetensorsWriter.Write(path, [new TensorToWrite("w", DType.F32, [2, 2], MemoryMarshal.AsBytes(values.AsSpan()).ToArray())], null);

        json.Length.Should().Be(57);
        File.ReadAllBytes(path).Should().Equal(expected);
        using var file = SafetensorsFile.Open(path);
        file.ReadFloat32("w").Should().Equal(values);
        file.Get("w").Offset.Should().Be(72);
    }

    [Fact]
    public void HeaderIsPaddedWithSpaces()
    {
        using var dir = new TempDirectory();
        string path = dir.File("p.safetensors");
        SafetensorsWriter.Write(path, [new TensorToWrite("ab", DType.U8, [1], new byte[] { 1 })], null);
        byte[] bytes = File.ReadAllBytes(path);
        string header = Encoding.ASCII.GetString(bytes, 8, (int)BinaryPrimitives.ReadInt64LittleEndian(bytes));
        header.TrimEnd(' ').Should().Be("{\"ab\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}");
        header.Length.Should().Be(56);
    }

    [Fact]
    public void ReadFloat32WidensHalfBrainFloatAndDouble()
    {
        using var dir = new TempDirectory();
        string path = dir.File("f.safetensors");
        byte[] half = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-0.25f));
        byte[] bf16 = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, (ushort)(BitConverter.SingleToInt32Bits(2.5f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(-8f) >>> 16));
        byte[] f64 = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, 0.125);
        BinaryPrimitives.WriteDoubleLittleEndian(f64.AsSpan(8), 1e3);
        SafetensorsWriter.Write(path,
        [
            new TensorToWrite("h", DType.F16, [2], half),
            new TensorToWrite("b", DType.BF16, [2], bf16),
            new TensorToWrite("d", DType.F64, [2], f64),
            new TensorToWrite("i", DType.I32, [1], new byte[4]),
        ], null);

        using var file = SafetensorsFile.Open(path);
        file.ReadFloat32("h").Should().Equal(1.5f, -0.25f);
        file.ReadFloat32("b").Should().Equal(2.5f, -8f);
        file.ReadFloat32("d").Should().Equal(0.125f, 1000f);
        file.Invoking(f => f.ReadFloat32("i")).Should().Throw<NotSupportedException>().WithMessage("*'i'*I32*");
    }

    [Fact]
    public unsafe void CopyToWritesTheTensorIntoNativeMemory()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        byte[] data = Pattern(64, 3);
        SafetensorsWriter.Write(path, [new TensorToWrite("a", DType.I64, [8], data)], null);
        using var file = SafetensorsFile.Open(path);
        IntPtr buffer = Marshal.AllocHGlobal(64);
        try
        {
            file.CopyTo(file.Get("a"), buffer);
            new ReadOnlySpan<byte>((void*)buffer, 64).ToArray().Should().Equal(data);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    [Fact]
    public void StreamedTensorsAreWrittenAndWrongLengthsRejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("s.safetensors");
        SafetensorsWriter.Write(path, [new StreamedTensorToWrite("big", DType.U8, [3, 1000], s =>
        {
            for (int i = 0; i < 3; i++)
                s.Write(Enumerable.Repeat((byte)i, 1000).ToArray());
        })], null);
        using (var file = SafetensorsFile.Open(path))
            file.GetBytes(file.Get("big"))[2500].Should().Be(2);

        var wrong = () => SafetensorsWriter.Write(path, [new StreamedTensorToWrite("big", DType.U8, [3, 1000], s => s.WriteByte(1))], null);
        wrong.Should().Throw<InvalidOperationException>().WithMessage("*'big'*wrote 1 bytes*3000*");
        using (var file = SafetensorsFile.Open(path))
            file.Get("big").ByteLength.Should().Be(3000, "a failed write leaves the previous file in place");
        Directory.GetFiles(dir.Path).Should().ContainSingle("the temp file is removed on failure");
    }

    [Fact]
    public void WriterRejectsDataThatDoesNotMatchTheShapeAndDuplicates()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.safetensors");
        var mismatch = () => SafetensorsWriter.Write(path, [new TensorToWrite("m", DType.F32, [2, 2], new byte[15])], null);
        mismatch.Should().Throw<ArgumentException>().WithMessage("*'m'*15 bytes*16*");
        var duplicate = () => SafetensorsWriter.Write(path,
            [new TensorToWrite("d", DType.U8, [1], new byte[1]), new TensorToWrite("d", DType.U8, [1], new byte[1])], null);
        duplicate.Should().Throw<ArgumentException>().WithMessage("*'d'*twice*");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void MissingTensorNameIsReported()
    {
        using var dir = new TempDirectory();
        string path = dir.File("n.safetensors");
        SafetensorsWriter.Write(path, [new TensorToWrite("a", DType.U8, [1], new byte[1])], null);
        using var file = SafetensorsFile.Open(path);
        file.Contains("a").Should().BeTrue();
        file.Contains("b").Should().BeFalse();
        file.Invoking(f => f.Get("b")).Should().Throw<KeyNotFoundException>().WithMessage("*n.safetensors*'b'*");
    }
}
