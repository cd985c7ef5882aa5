using System.Collections;

namespace RepTuning.Checkpoints.Gguf;

/// <summary>
/// The items of a numeric or bool GGUF array stored unboxed and boxed only when read, so an array of a
/// million bytes costs a million bytes rather than a million boxed objects (about 32 bytes each).
/// </summary>
/// <typeparam name="T">The item's CLR type.</typeparam>
internal sealed class GgufItemList<T>(T[] items) : IReadOnlyList<object> where T : struct
{
    /// <inheritdoc />
    public object this[int index] => items[index];

    /// <inheritdoc />
    public int Count => items.Length;

    /// <inheritdoc />
    public IEnumerator<object> GetEnumerator()
    {
        foreach (T item in items)
            yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
