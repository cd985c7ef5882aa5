using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public sealed partial class Tensor
{
    private unsafe Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim)
    {
        dims ??= [];
        fixed (long* p = dims) return new(NativeMethods.rt_reduce((int)op, Handle, p, dims.Length, keepdim ? 1 : 0));
    }

    /// <summary>Sum of all elements.</summary>
    public Tensor sum() => Reduce(ReduceOp.Sum, null, false);
    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor sum(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Sum, dims, keepdim);
    /// <summary>Sum over one dimension.</summary>
    public Tensor sum(long dim, bool keepdim = false) => Reduce(ReduceOp.Sum, [dim], keepdim);
    /// <summary>Mean of all elements.</summary>
    public Tensor mean() => Reduce(ReduceOp.Mean, null, false);
    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Mean, dims, keepdim);
    /// <summary>Mean over one dimension.</summary>
    public Tensor mean(long dim, bool keepdim = false) => Reduce(ReduceOp.Mean, [dim], keepdim);
    /// <summary>Maximum of all elements.</summary>
    public Tensor max() => Reduce(ReduceOp.Amax, null, false);
    /// <summary>Minimum of all elements.</summary>
    public Tensor min() => Reduce(ReduceOp.Amin, null, false);
    /// <summary>Maximum over dimensions (values only).</summary>
    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amax, dims, keepdim);
    /// <summary>Minimum over dimensions (values only).</summary>
    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amin, dims, keepdim);
    /// <summary>Product over one dimension, or of everything when <paramref name="dim"/> is null.</summary>
    public Tensor prod(long? dim = null, bool keepdim = false) => Reduce(ReduceOp.Prod, dim is { } d ? [d] : null, keepdim);
    /// <summary>Unbiased variance over dimensions (all when null).</summary>
    public Tensor var(long[]? dims = null, bool keepdim = false) => Reduce(ReduceOp.Var, dims, keepdim);
    /// <summary>Unbiased standard deviation over dimensions (all when null).</summary>
    public Tensor std(long[]? dims = null, bool keepdim = false) => Reduce(ReduceOp.Std, dims, keepdim);
    /// <summary>log(sum(exp(x))) over one dimension, computed stably.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    /// <summary>Index of the maximum (flat index when <paramref name="dim"/> is null).</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) => Reduce(ReduceOp.ArgMax, dim is { } d ? [d] : null, keepdim);
    /// <summary>Index of the minimum (flat index when <paramref name="dim"/> is null).</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false) => Reduce(ReduceOp.ArgMin, dim is { } d ? [d] : null, keepdim);
    /// <summary>True when every element is non-zero.</summary>
    public Tensor all() => Reduce(ReduceOp.All, null, false);
    /// <summary>True when any element is non-zero.</summary>
    public Tensor any() => Reduce(ReduceOp.Any, null, false);

    /// <summary>Vector p-norm over dimensions (all when null).</summary>
    public unsafe Tensor norm(double p = 2, long[]? dims = null, bool keepdim = false)
    {
        dims ??= [];
        fixed (long* d = dims) return new(NativeMethods.rt_norm(Handle, p, d, dims.Length, keepdim ? 1 : 0));
    }

    /// <summary>Maximum along a dimension with its indices.</summary>
    public unsafe (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
    {
        IntPtr v, i;
        NativeMethods.Check(NativeMethods.rt_max_dim(Handle, dim, keepdim ? 1 : 0, &v, &i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>The k largest (or smallest) elements along a dimension, sorted, with their indices.</summary>
    public unsafe (Tensor values, Tensor indexes) topk(long k, long dim = -1, bool largest = true)
    {
        IntPtr v, i;
        NativeMethods.Check(NativeMethods.rt_topk(Handle, k, dim, largest ? 1 : 0, &v, &i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Sorts along a dimension, with the permutation.</summary>
    public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false)
    {
        IntPtr v, i;
        NativeMethods.Check(NativeMethods.rt_sort(Handle, dim, descending ? 1 : 0, &v, &i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Running sum along a dimension.</summary>
    public Tensor cumsum(long dim) => new(NativeMethods.rt_cumsum(Handle, dim));

    /// <summary>Matrix product with broadcasting of batch dimensions (torch.matmul).</summary>
    public Tensor matmul(Tensor other) => new(NativeMethods.rt_matmul(Handle, other.Handle));
    /// <summary>Batched matrix product of (B, n, m) and (B, m, p).</summary>
    public Tensor bmm(Tensor other) => new(NativeMethods.rt_bmm(Handle, other.Handle));
    /// <summary>Softmax along a dimension.</summary>
    public Tensor softmax(long dim) => new(NativeMethods.rt_softmax(Handle, dim, 0));
    /// <summary>Log-softmax along a dimension.</summary>
    public Tensor log_softmax(long dim) => new(NativeMethods.rt_softmax(Handle, dim, 1));
}
