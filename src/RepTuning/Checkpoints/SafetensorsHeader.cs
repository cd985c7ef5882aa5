using System.Text.Encodings.Web;
using System.Text.Json;

namespace RepTuning.Checkpoints;

/// <summary>
/// The parsed and validated JSON header of a safetensors file. Validation is strict because the
/// offsets are later used for raw pointer reads: every buffer must lie inside the data section,
/// match its shape exactly, and the buffers must tile the data section without gaps or overlaps.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>Upper bound on the header length; real headers are kilobytes, so anything larger is corruption.</summary>
    public const long MaxHeaderLength = 100L * 1024 * 1024;

    private const string MetadataKey = "__metadata__";

    private SafetensorsHeader(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<TensorEntry> tensors)
    {
        Metadata = metadata;
        Tensors = tensors;
    }

    /// <summary>The optional string-to-string <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor entries in header order, with offsets made absolute in the file.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>Validates the header length prefix against the file length and returns it.</summary>
    public static long CheckHeaderLength(string path, long headerLength, long fileLength)
    {
        if (headerLength < 2 || headerLength > MaxHeaderLength)
            throw new CheckpointFormatException(path, $"header length {headerLength} is outside the sane range [2, {MaxHeaderLength}]");
        if (headerLength > fileLength - 8)
            throw new CheckpointFormatException(path, $"header length {headerLength} exceeds the {fileLength - 8} bytes after the length prefix (truncated?)");
        return headerLength;
    }

    /// <summary>Parses the header JSON; <paramref name="dataStart"/> is where the data section begins in the file.</summary>
    public static SafetensorsHeader Parse(string path, ReadOnlySpan<byte> json, long dataStart, long dataLength)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and only fails when one is read, with an untyped error.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new CheckpointFormatException(path, "header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(path, "header JSON is not an object");

            var metadata = new Dictionary<string, string>();
            var tensors = new List<TensorEntry>();
            var seen = new HashSet<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new CheckpointFormatException(path, $"key '{property.Name}' appears twice in the header");
                if (property.Name == MetadataKey)
                    ReadMetadata(path, property.Value, metadata);
                else
                    tensors.Add(ReadEntry(path, property.Name, property.Value, dataStart));
            }
            CheckTiling(path, tensors, dataStart, dataLength);
            return new SafetensorsHeader(metadata, tensors);
        }
    }

    private static void ReadMetadata(string path, JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(path, $"{MetadataKey} is not an object");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new CheckpointFormatException(path, $"{MetadataKey} value of '{item.Name}' is {item.Value.ValueKind}, not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static TensorEntry ReadEntry(string path, string name, JsonElement element, long dataStart)
    {
        CheckpointFormatException Bad(string problem) => new(path, $"tensor '{name}': {problem}");

        if (element.ValueKind != JsonValueKind.Object)
            throw Bad("entry is not an object");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad("missing string field 'dtype'");
        string dtypeName = dtypeElement.GetString()!;
        if (!DTypeExtensions.TryParseSafetensorsName(dtypeName, out var dtype))
            throw Bad($"unknown dtype '{dtypeName}' (supported: {string.Join(", ", Enum.GetNames<DType>())})");

        long[] shape = ReadIntegers(element, "shape", Bad);
        foreach (long dim in shape)
            if (dim < 0)
                throw Bad($"negative dimension {dim} in shape [{string.Join(", ", shape)}]");

        long[] offsets = ReadIntegers(element, "data_offsets", Bad);
        if (offsets.Length != 2)
            throw Bad($"data_offsets has {offsets.Length} values, expected [begin, end]");
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin)
            throw Bad($"data_offsets [{begin}, {end}] are not an ordered non-negative range");

        long expected;
        try
        {
            expected = dtype.ByteLengthOf(shape);
        }
        catch (OverflowException)
        {
            throw Bad($"shape [{string.Join(", ", shape)}] overflows a 64-bit byte count");
        }
        if (end - begin != expected)
            throw Bad($"data_offsets [{begin}, {end}] span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {expected}");

        return new TensorEntry(name, dtype, shape, dataStart + begin, end - begin);
    }

    private static long[] ReadIntegers(JsonElement element, string field, Func<string, CheckpointFormatException> bad)
    {
        if (!element.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw bad($"missing array field '{field}'");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i++]))
                throw bad($"'{field}' contains {item}, not an integer");
        }
        return values;
    }

    private static void CheckTiling(string path, List<TensorEntry> tensors, long dataStart, long dataLength)
    {
        long cursor = 0;
        TensorEntry? previous = null;
        foreach (var entry in tensors.OrderBy(t => t.Offset).ThenBy(t => t.ByteLength))
        {
            long begin = entry.Offset - dataStart;
            long end = begin + entry.ByteLength;
            if (end > dataLength)
                throw new CheckpointFormatException(path,
                    $"tensor '{entry.Name}': data_offsets [{begin}, {end}] run past the {dataLength}-byte data section (truncated file?)");
            if (begin < cursor)
                throw new CheckpointFormatException(path,
                    $"tensor '{entry.Name}': data_offsets [{begin}, {end}] overlap tensor '{previous!.Name}' ending at {cursor}");
            if (begin > cursor)
                throw new CheckpointFormatException(path,
                    $"tensor '{entry.Name}': data_offsets begin at {begin} but the previous buffer ends at {cursor} (non-contiguous buffers)");
            cursor = end;
            previous = entry;
        }
        if (cursor != dataLength)
            throw new CheckpointFormatException(path, $"data section is {dataLength} bytes but the tensors cover only {cursor}");
    }

    /// <summary>Serializes a header for <paramref name="tensors"/> laid out back to back in the given order, padded with spaces to a multiple of 8 bytes.</summary>
    public static byte[] Serialize(IReadOnlyList<StreamedTensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps names and metadata readable, as the Rust serializer writes them.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                long end = offset + tensor.ByteLength;
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToSafetensorsName());
                json.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        // Padding keeps the data section 8-byte aligned so mapped tensors can be read in place.
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
