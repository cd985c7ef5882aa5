using System.Runtime.InteropServices;
using RepTuning.Torch.Native;

namespace RepTuning.Torch;

/// <summary>Owns one native at::Tensor; released exactly once, by Dispose or by the finalizer.</summary>
internal sealed class TensorHandle : SafeHandle
{
    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.rt_free(handle);
        return true;
    }
}
