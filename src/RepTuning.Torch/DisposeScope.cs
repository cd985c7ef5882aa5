namespace RepTuning.Torch;

/// <summary>
/// Disposes, when it ends, every tensor created on this thread while it was the innermost scope
/// (TorchSharp's DisposeScope). Results that must outlive it are moved out with
/// <see cref="MoveToOuter(Tensor[])"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;
    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = t_current;
        t_current = this;
    }

    /// <summary>The innermost scope of the calling thread, if any.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>The scope that was current when this one began.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>Number of live tensors this scope will dispose.</summary>
    public int Count => _tensors.Count;

    /// <summary>Moves the given tensors to the enclosing scope (or to no scope) and returns the first.</summary>
    public Tensor MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) t.MoveToOuterDisposeScope();
        return tensors[0];
    }

    /// <summary>Disposes every tensor still owned by the scope and makes the outer scope current.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _tensors.ToArray())
        {
            t.OwningScope = null;
            t.Dispose();
        }
        _tensors.Clear();
        // Scopes end in reverse order of creation on a thread; restore the outer one.
        if (ReferenceEquals(t_current, this)) t_current = Outer;
    }

    internal void Attach(Tensor tensor)
    {
        _tensors.Add(tensor);
        tensor.OwningScope = this;
    }

    internal void Forget(Tensor tensor) => _tensors.Remove(tensor);
}
