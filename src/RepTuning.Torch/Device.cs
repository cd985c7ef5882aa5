namespace RepTuning.Torch;

/// <summary>Kind of device, numbered as c10::DeviceType.</summary>
public enum DeviceType
{
    /// <summary>Host memory.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

/// <summary>A device a tensor lives on: <c>cpu</c> or <c>cuda:N</c>.</summary>
/// <param name="Type">The device kind.</param>
/// <param name="Index">The device ordinal (0 for the CPU).</param>
public sealed record Device(DeviceType Type, int Index = 0)
{
    /// <summary>The host.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static Device Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        return parts switch
        {
            ["cpu"] => CPU,
            ["cuda"] => new Device(DeviceType.CUDA),
            ["cuda", var n] when int.TryParse(n, out var index) && index >= 0 => new Device(DeviceType.CUDA, index),
            _ => throw new ArgumentException($"unknown device '{text}': use cpu, cuda or cuda:N", nameof(text)),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Type == DeviceType.CPU ? "cpu" : $"cuda:{Index}";
}
