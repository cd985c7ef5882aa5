namespace RepTuning.Runtime;

/// <summary>Device names as the CLI and options take them.</summary>
internal static class Devices
{
    /// <summary>
    /// Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> and checks that TorchSharp's backend can use it, so a
    /// missing GPU backend is reported by name instead of failing inside the first tensor operation.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a device, or the device is not available here.</exception>
    public static Device Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text != "cuda" && !(text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], out var n) && n >= 0))
            throw new ArgumentException($"unknown device '{name}': use cpu, cuda or cuda:N", nameof(name));
        if (!torch.cuda.is_available())
            throw new ArgumentException($"device '{name}' is not available: TorchSharp sees no CUDA device (the application references a CPU-only backend such as TorchSharp-cpu; reference TorchSharp-cuda-linux on a machine with an NVIDIA GPU)", nameof(name));
        var device = torch.device(text);
        if (device.index >= torch.cuda.device_count())
            throw new ArgumentException($"device '{name}' does not exist: this machine has {torch.cuda.device_count()} CUDA device(s)", nameof(name));
        return device;
    }
}
