using TorchSharp.Modules;

namespace RepTuning.Models;

/// <summary>Token embedding lookup (V, D), a TorchSharp module with parameter <c>weight</c>.</summary>
internal sealed class TokenEmbedding : torch.nn.Module<Tensor, Tensor>
{
    /// <summary>Wraps the (V, D) table.</summary>
    public TokenEmbedding(Tensor weight) : base(nameof(TokenEmbedding))
    {
        this.weight = new Parameter(weight, requires_grad: false);
        RegisterComponents();
    }

    // The field name is the parameter name: TorchSharp registers fields by name and re-points them on .to().
    private Parameter weight;

    /// <summary>(V, D) table.</summary>
    public Parameter Weight => weight;

    /// <summary>int64 ids (*) -> (*, D).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = torch.NewDisposeScope();
        long[] shape = [.. ids.shape, Weight.size(1)];
        return Weight.index_select(0, ids.flatten()).view(shape).MoveToOuterDisposeScope();
    }
}
