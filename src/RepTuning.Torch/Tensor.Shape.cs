using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public sealed partial class Tensor
{
    /// <summary>Same data with a new shape (copies only when the layout requires it); one entry may be -1.</summary>
    public unsafe Tensor reshape(params long[] shape) { fixed (long* p = shape) return new(NativeMethods.rt_reshape(Handle, p, shape.Length)); }
    /// <summary>A view with a new shape; fails on non-contiguous layouts.</summary>
    public unsafe Tensor view(params long[] shape) { fixed (long* p = shape) return new(NativeMethods.rt_view(Handle, p, shape.Length)); }
    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> without copying (-1 keeps a size).</summary>
    public unsafe Tensor expand(params long[] shape) { fixed (long* p = shape) return new(NativeMethods.rt_expand(Handle, p, shape.Length)); }
    /// <summary>Reorders dimensions.</summary>
    public unsafe Tensor permute(params long[] dims) { fixed (long* p = dims) return new(NativeMethods.rt_permute(Handle, p, dims.Length)); }
    /// <summary>Swaps two dimensions.</summary>
    public Tensor transpose(long dim0, long dim1) => new(NativeMethods.rt_transpose(Handle, dim0, dim1));
    /// <summary>Transpose of a 2-d tensor.</summary>
    public Tensor t() => transpose(0, 1);
    /// <summary>Removes dimension <paramref name="dim"/> when its size is 1.</summary>
    public Tensor squeeze(long dim) => new(NativeMethods.rt_squeeze(Handle, dim));
    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/>.</summary>
    public Tensor unsqueeze(long dim) => new(NativeMethods.rt_unsqueeze(Handle, dim));
    /// <summary>Merges dimensions start..end into one.</summary>
    public Tensor flatten(long startDim = 0, long endDim = -1) => new(NativeMethods.rt_flatten(Handle, startDim, endDim));
    /// <summary>A row-major copy if the layout is not already row-major.</summary>
    public Tensor contiguous() => new(NativeMethods.rt_contiguous(Handle));
    /// <summary>A copy with its own storage (stays in the autograd graph).</summary>
    public Tensor clone() => new(NativeMethods.rt_clone(Handle));
    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor alias() => new(NativeMethods.rt_alias(Handle));

    /// <summary>Elements start..end (exclusive) by <paramref name="step"/> along <paramref name="dim"/>; a view.</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => new(NativeMethods.rt_slice(Handle, dim, start, end, step));
    /// <summary><paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/>; a view.</summary>
    public Tensor narrow(long dim, long start, long length) => new(NativeMethods.rt_narrow(Handle, dim, start, length));
    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, which is removed; a view.</summary>
    public Tensor select(long dim, long index) => new(NativeMethods.rt_select(Handle, dim, index));
    /// <summary>Picks the entries of int64 <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor index_select(long dim, Tensor index) => new(NativeMethods.rt_index_select(Handle, dim, index.Handle));
    /// <summary>out[i][j] = this[i][index[i][j]] (for dim 1), as torch.gather.</summary>
    public Tensor gather(long dim, Tensor index) => new(NativeMethods.rt_gather(Handle, dim, index.Handle));
    /// <summary>Out-of-place scatter: a copy with src written at index along dim.</summary>
    public Tensor scatter(long dim, Tensor index, Tensor src) => new(NativeMethods.rt_scatter(Handle, dim, index.Handle, src.Handle));
    /// <summary>Out-of-place this[maskOrIndex] = values (a bool mask or int64 indices on dimension 0).</summary>
    public Tensor index_put(Tensor maskOrIndex, Tensor values) => new(NativeMethods.rt_index_put(Handle, maskOrIndex.Handle, values.Handle));
    /// <summary>The elements where <paramref name="mask"/> is true, as a 1-d tensor.</summary>
    public Tensor masked_select(Tensor mask) => new(NativeMethods.rt_masked_select(Handle, mask.Handle));
    /// <summary>Lower triangle (elements above the <paramref name="diagonal"/> set to zero).</summary>
    public Tensor tril(long diagonal = 0) => new(NativeMethods.rt_tril(Handle, diagonal));
    /// <summary>Upper triangle (elements below the <paramref name="diagonal"/> set to zero).</summary>
    public Tensor triu(long diagonal = 0) => new(NativeMethods.rt_triu(Handle, diagonal));
    /// <summary>Repeats each slice along <paramref name="dim"/> <paramref name="repeats"/> times in a row.</summary>
    public Tensor repeat_interleave(long repeats, long dim) => new(NativeMethods.rt_repeat_interleave(Handle, repeats, dim));
    /// <summary>Reverses the order along the given dimensions.</summary>
    public unsafe Tensor flip(params long[] dims) { fixed (long* p = dims) return new(NativeMethods.rt_flip(Handle, p, dims.Length)); }

    /// <summary>Converts the element type (a copy unless already of that type).</summary>
    public Tensor to(ScalarType type) => to(type, device);
    /// <summary>Moves to a device (a copy unless already there).</summary>
    public Tensor to(Device target) => to(dtype, target);
    /// <summary>Converts the element type and moves to a device.</summary>
    public Tensor to(ScalarType type, Device target) => new(NativeMethods.rt_to(Handle, (int)type, (int)target.Type, target.Index));
    /// <summary>Same as <c>to(Device.CPU)</c>.</summary>
    public Tensor cpu() => to(Device.CPU);
    /// <summary>Float32 copy.</summary>
    public Tensor @float() => to(ScalarType.Float32);
    /// <summary>Float64 copy.</summary>
    public Tensor @double() => to(ScalarType.Float64);
    /// <summary>Int64 copy.</summary>
    public Tensor @long() => to(ScalarType.Int64);
}
