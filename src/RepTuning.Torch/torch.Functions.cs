using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public static partial class torch
{
    /// <summary>Concatenates along an existing dimension.</summary>
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("cat needs at least one tensor", nameof(tensors));
        var handles = Tensor.Handles(tensors);
        fixed (IntPtr* p = handles) return new Tensor(NativeMethods.rt_cat(p, handles.Length, dim));
    }

    /// <summary>Stacks along a new dimension.</summary>
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack needs at least one tensor", nameof(tensors));
        var handles = Tensor.Handles(tensors);
        fixed (IntPtr* p = handles) return new Tensor(NativeMethods.rt_stack(p, handles.Length, dim));
    }

    /// <summary>Elementwise choice: <paramref name="x"/> where <paramref name="condition"/>, else <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(NativeMethods.rt_where(condition.Handle, x.Handle, y.Handle));

    /// <summary>Matrix product (see <see cref="Tensor.matmul"/>).</summary>
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);

    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);

    /// <summary>Lower triangle.</summary>
    public static Tensor tril(Tensor a, long diagonal = 0) => a.tril(diagonal);

    /// <summary>Upper triangle.</summary>
    public static Tensor triu(Tensor a, long diagonal = 0) => a.triu(diagonal);

    /// <summary>True when the tensors have the same shape and elements.</summary>
    public static bool equal(Tensor a, Tensor b) => a.Equals(b);

    /// <summary>Linear algebra routines.</summary>
    public static class linalg
    {
        /// <summary>Singular value decomposition A = U diag(S) Vh.</summary>
        public static unsafe (Tensor U, Tensor S, Tensor Vh) svd(Tensor a, bool full_matrices = false)
        {
            IntPtr u, s, vh;
            NativeMethods.Check(NativeMethods.rt_svd(a.Handle, full_matrices ? 1 : 0, &u, &s, &vh));
            return (new Tensor(u), new Tensor(s), new Tensor(vh));
        }

        /// <summary>Vector p-norm over dimensions (all when null).</summary>
        public static Tensor vector_norm(Tensor a, double ord = 2, long[]? dims = null, bool keepdim = false) => a.norm(ord, dims, keepdim);
    }
}
