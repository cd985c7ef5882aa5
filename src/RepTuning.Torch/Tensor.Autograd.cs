using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public sealed partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get => NativeMethods.Check(NativeMethods.rt_requires_grad(Handle)) == 1;
        set => NativeMethods.Check(NativeMethods.rt_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool requiresGrad = true)
    {
        requires_grad = requiresGrad;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool is_leaf => NativeMethods.Check(NativeMethods.rt_is_leaf(Handle)) == 1;

    /// <summary>The accumulated gradient, or null when none has been computed. A new handle each call.</summary>
    public unsafe Tensor? grad
    {
        get
        {
            IntPtr g;
            NativeMethods.Check(NativeMethods.rt_grad(Handle, &g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
    }

    /// <summary>Back-propagates from this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    public void backward(Tensor? gradient = null, bool retainGraph = false) =>
        NativeMethods.Check(NativeMethods.rt_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retainGraph ? 1 : 0));

    /// <summary>Drops the accumulated gradient (set-to-none semantics: the next backward starts fresh).</summary>
    public void zero_grad() => NativeMethods.Check(NativeMethods.rt_zero_grad(Handle));

    /// <summary>The same data outside the autograd graph.</summary>
    public Tensor detach() => new(NativeMethods.rt_detach(Handle));
}
