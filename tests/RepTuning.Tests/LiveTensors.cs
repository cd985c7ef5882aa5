namespace RepTuning.Tests;

/// <summary>Counts native tensors alive in the process, for leak checks.</summary>
internal static class LiveTensors
{
    /// <summary>
    /// TorchSharp's live-tensor count after finalizers have run: tensors that earlier code dropped without
    /// disposing would otherwise be finalized in the middle of a measurement and show up as a negative leak.
    /// </summary>
    public static long Count()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }
}
