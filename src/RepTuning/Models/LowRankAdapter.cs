using TorchSharp.Modules;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>
/// A low-rank (LoRA) change of a <see cref="Linear"/>'s weight, W_eff = W + scale·B·A with A (r, in) and B (out, r),
/// applied in the forward as <c>y + scale·(x Aᵀ) Bᵀ</c> so that W_eff is never materialised. A plain object, not a
/// module: attached to a linear it stays out of the model's parameter tree, so hashing, loading and exporting the model
/// never see it.
/// </summary>
internal sealed class LowRankAdapter : IDisposable
{
    /// <summary>Wraps <paramref name="a"/> (r, in) and <paramref name="b"/> (out, r) as trainable parameters (takes ownership).</summary>
    public LowRankAdapter(Tensor a, Tensor b, double scale)
    {
        if (a.dim() != 2 || b.dim() != 2 || a.size(0) != b.size(1))
            throw new ArgumentException($"LoRA A must be (r, in) and B (out, r); got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]");
        A = new Parameter(a, requires_grad: true);
        B = new Parameter(b, requires_grad: true);
        Scale = scale;
    }

    /// <summary>(r, in) down-projection.</summary>
    public Parameter A { get; }

    /// <summary>(out, r) up-projection.</summary>
    public Parameter B { get; }

    /// <summary>alpha / rank.</summary>
    public double Scale { get; }

    /// <summary>
    /// A fresh adapter for <paramref name="linear"/> as PEFT starts one: A Kaiming-uniform with a = √5 (nn.Linear's
    /// default, i.e. U(-1/√in, 1/√in)), drawn on the CPU in float32 from <paramref name="generator"/> so a seed gives the same
    /// values on every device; B zero, so the adapted model starts as the base exactly.
    /// </summary>
    public static LowRankAdapter Initial(Linear linear, int rank, double scale, torch.Generator generator)
    {
        var weight = linear.Weight;
        long output = weight.size(0), input = weight.size(1);
        using var scope = torch.NewDisposeScope();
        var bound = 1.0 / Math.Sqrt(input);
        var a = (torch.rand([rank, input], ScalarType.Float32, generator: generator) * (2 * bound) - bound).to(weight.dtype, weight.device);
        var b = torch.zeros([output, rank], weight.dtype, weight.device);
        return new LowRankAdapter(a.DetachFromDisposeScope(), b.DetachFromDisposeScope(), scale);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="rank"/> exceeds min(in, out) of <paramref name="linear"/>:
    /// such a factorisation has more parameters than the matrix and no more expressive power.
    /// </summary>
    public static void CheckRank(string name, Linear linear, int rank)
    {
        var limit = Math.Min(linear.Weight.size(0), linear.Weight.size(1));
        if (rank > limit)
            throw new ArgumentException($"LoraRank {rank} exceeds min(in, out) = {limit} of {name} [{string.Join(", ", linear.Weight.shape)}]: choose a rank of at most {limit}, or 0 to tune the full matrix", "LoraRank");
    }

    /// <summary><paramref name="y"/> = x Wᵀ (+ b) plus the adapter's term scale·(x Aᵀ) Bᵀ.</summary>
    public Tensor Add(Tensor x, Tensor y)
    {
        using var down = F.linear(x, A);
        using var scaled = down * Scale;
        using var up = F.linear(scaled, B);
        return y + up;
    }

    /// <summary>W + scale·B·A computed in float32 and returned in <paramref name="weight"/>'s dtype and device.</summary>
    public static Tensor Merge(Tensor weight, Tensor a, Tensor b, double scale)
    {
        using var scope = torch.NewDisposeScope();
        var w = weight.to(ScalarType.Float32);
        var product = torch.matmul(b.to(ScalarType.Float32, weight.device), a.to(ScalarType.Float32, weight.device));
        return (w + product * scale).to(weight.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>The PEFT name of A for the weight named <paramref name="weightName"/> (<c>….v_proj.weight</c> → <c>….v_proj.lora_A.weight</c>).</summary>
    public static string NameOfA(string weightName) => Stem(weightName) + ".lora_A.weight";

    /// <summary>The PEFT name of B for the weight named <paramref name="weightName"/>.</summary>
    public static string NameOfB(string weightName) => Stem(weightName) + ".lora_B.weight";

    /// <summary>The weight an A or B tensor belongs to (<c>….v_proj.lora_A.weight</c> → <c>….v_proj.weight</c>), or null for another name.</summary>
    public static string? WeightOf(string adapterName) =>
        adapterName.EndsWith(".lora_A.weight", StringComparison.Ordinal) || adapterName.EndsWith(".lora_B.weight", StringComparison.Ordinal)
            ? adapterName[..^".lora_A.weight".Length] + ".weight"
            : null;

    private static string Stem(string weightName) =>
        weightName.EndsWith(".weight", StringComparison.Ordinal) ? weightName[..^".weight".Length]
            : throw new ArgumentException($"'{weightName}' is not a weight name", nameof(weightName));

    /// <summary>Releases A and B.</summary>
    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
