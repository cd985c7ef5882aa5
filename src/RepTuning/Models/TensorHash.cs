using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RepTuning.Models;

/// <summary>Content hashes of named tensors, for provenance (tuned deltas) and for keying resumable work.</summary>
internal static class TensorHash
{
    /// <summary>SHA-256 (hex) over names, shapes and float32 bytes of tensors, in ordinal name order.</summary>
    public static string Of(IEnumerable<(string Name, Tensor Value)> tensors)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, value) in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            using var scope = torch.NewDisposeScope();
            var cpu = value.detach().to(ScalarType.Float32, torch.CPU).contiguous();
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{name}[{string.Join(",", cpu.shape)}]"));
            sha.AppendData(MemoryMarshal.AsBytes(cpu.ToArray<float>().AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
