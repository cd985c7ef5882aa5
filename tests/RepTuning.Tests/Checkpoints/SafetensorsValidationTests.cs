using System.Text;
using RepTuning.Checkpoints;

namespace RepTuning.Tests.Checkpoints;

public class SafetensorsValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes a raw safetensors file: length prefix, the given header text, then <paramref name="dataLength"/> zero bytes.</summary>
    private string Raw(string header, int dataLength, long? declaredHeaderLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        string path = _dir.File("raw.safetensors");
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes(declaredHeaderLength ?? json.Length));
        stream.Write(json);
        stream.Write(new byte[dataLength]);
        return path;
    }

    private static void ShouldFail(string path, string messagePattern) =>
        FluentActions.Invoking(() => SafetensorsFile.Open(path).Dispose())
            .Should().Throw<CheckpointFormatException>().WithMessage($"*raw.safetensors*{messagePattern}*");

    [Fact]
    public void AWellFormedRawFileOpens()
    {
        string path = Raw("{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]}}", 8);
        using var file = SafetensorsFile.Open(path);
        file.Tensors.Should().HaveCount(2);
        file.Metadata.Should().BeEmpty();
    }

    [Fact]
    public void InvalidUtf8InAHeaderStringIsRejected()
    {
        // Found by the fuzz suite: JsonDocument parses it, then throws InvalidOperationException when the name is read.
        string path = Raw("{\"wx\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        byte[] bytes = File.ReadAllBytes(path);
        int at = Array.IndexOf(bytes, (byte)'w');
        bytes[at + 1] = 0xFF;
        File.WriteAllBytes(path, bytes);
        ShouldFail(path, "not valid UTF-8");
    }

    [Fact]
    public void HeaderThatLiesAboutTheSizeIsRejected() =>
        ShouldFail(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", 12), "'w'*12 bytes*needs 16");

    [Fact]
    public void TruncatedDataIsRejected() =>
        ShouldFail(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 10), "'w'*past the 10-byte data section");

    [Fact]
    public void TrailingBytesAreRejected() =>
        ShouldFail(Raw("{\"w\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 5), "cover only 2");

    [Fact]
    public void UnknownDTypeIsRejected() =>
        ShouldFail(Raw("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "'w'*unknown dtype 'F8_E4M3'");

    [Fact]
    public void OverlappingBuffersAreRejected() =>
        ShouldFail(Raw("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6),
            "'b'*overlap tensor 'a'");

    [Fact]
    public void GapsBetweenBuffersAreRejected() =>
        ShouldFail(Raw("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6),
            "'b'*non-contiguous");

    [Fact]
    public void NegativeDimensionsAreRejected() =>
        ShouldFail(Raw("{\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0), "'w'*negative dimension -1");

    [Fact]
    public void HugeHeaderLengthIsRejected() =>
        ShouldFail(Raw("{}", 0, declaredHeaderLength: long.MaxValue / 2), "header length*sane range");

    [Fact]
    public void HeaderLengthBeyondTheFileIsRejected() =>
        ShouldFail(Raw("{}", 0, declaredHeaderLength: 1000), "header length 1000 exceeds");

    [Fact]
    public void FileShorterThanThePrefixIsRejected()
    {
        string path = _dir.File("raw.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        ShouldFail(path, "3 bytes");
    }

    [Fact]
    public void InvalidJsonIsRejected() => ShouldFail(Raw("{\"w\":", 0), "not valid JSON");

    [Fact]
    public void NonStringMetadataIsRejected() =>
        ShouldFail(Raw("{\"__metadata__\":{\"n\":1}}", 0), "__metadata__ value of 'n'");

    [Fact]
    public void MetadataIsRead()
    {
        using var file = SafetensorsFile.Open(Raw("{\"__metadata__\":{\"format\":\"pt\"}}", 0));
        file.Metadata.Should().Equal(new Dictionary<string, string> { ["format"] = "pt" });
        file.Tensors.Should().BeEmpty();
    }
}
