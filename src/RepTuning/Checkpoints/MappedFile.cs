using System.IO.MemoryMappedFiles;

namespace RepTuning.Checkpoints;

/// <summary>
/// A read-only memory map of a whole file, so tensor bytes are read straight from the page cache
/// instead of being copied into managed buffers first.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;

    private MappedFile(string path, long length, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Length = length;
        _map = map;
        _view = view;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
        _base += _view.PointerOffset;
    }

    /// <summary>The mapped file's path.</summary>
    public string Path { get; }

    /// <summary>File length in bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// Maps <paramref name="path"/>, following symbolic links (a Hugging Face cache snapshot links every file into
    /// <c>blobs/</c>); files shorter than <paramref name="minimumLength"/> are rejected before mapping.
    /// </summary>
    public static MappedFile Open(string path, long minimumLength)
    {
        // The length comes from the opened file, not from the path's own entry, which for a link is the link's size.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        MemoryMappedFile map;
        long length;
        try
        {
            length = stream.Length;
            if (length < minimumLength)
                throw new CheckpointFormatException(path, $"file is {length} bytes, shorter than the {minimumLength}-byte header (truncated?)");
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        try
        {
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(path, length, map, view);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The bytes in [offset, offset+length); the range must lie in the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        return new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>The bytes of <paramref name="entry"/>; only for tensors under 2 GiB.</summary>
    public ReadOnlySpan<byte> Span(TensorEntry entry)
    {
        if (entry.ByteLength > int.MaxValue)
            throw new InvalidOperationException(
                $"{Path}: tensor '{entry.Name}' is {entry.ByteLength} bytes, too large for a span; use CopyTo.");
        return Span(entry.Offset, (int)entry.ByteLength);
    }

    /// <summary>Copies the bytes of <paramref name="entry"/> to native memory of at least <see cref="TensorEntry.ByteLength"/> bytes.</summary>
    public void CopyTo(TensorEntry entry, IntPtr destination)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(destination, IntPtr.Zero);
        CheckRange(entry.Offset, entry.ByteLength);
        Buffer.MemoryCopy(_base + entry.Offset, (void*)destination, entry.ByteLength, entry.ByteLength);
    }

    private void CheckRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_base == null, this);
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"Range [{offset}, {offset}+{length}) is outside {Path} ({Length} bytes).");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_base == null)
            return;
        _base = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
