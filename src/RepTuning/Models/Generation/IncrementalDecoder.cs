namespace RepTuning.Models.Generation;

/// <summary>
/// Turns one row's generated tokens into text pieces as they arrive. Each step decodes the whole continuation
/// (so SentencePiece spaces come out as in the final text: "Tom" + "▁and" reads "Tom and") and passes on only
/// what is final: text up to a stop string, without a trailing partial stop string or an incomplete character.
/// The pieces concatenate to the text given to <see cref="Finish"/>.
/// </summary>
internal sealed class IncrementalDecoder(Func<IReadOnlyList<int>, string> continuation, IReadOnlyList<string> stopStrings, Action<string> onText)
{
    private readonly List<int> _ids = [];
    private string _emitted = "";

    /// <summary>Adds a generated token and passes on the text it makes final (nothing when it makes none).</summary>
    public void Add(int token)
    {
        _ids.Add(token);
        Emit(Final(continuation(_ids)));
    }

    /// <summary>Passes on the rest of the finished continuation <paramref name="text"/>.</summary>
    public void Finish(string text) => Emit(text);

    private void Emit(string text)
    {
        // Text already passed on cannot be taken back: a decode that rewrote it (not seen with SentencePiece) waits for the end.
        if (text.Length <= _emitted.Length || !text.StartsWith(_emitted, StringComparison.Ordinal)) return;
        onText(text[_emitted.Length..]);
        _emitted = text;
    }

    private string Final(string text)
    {
        var stop = stopStrings.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (stop >= 0) return text[..stop];
        var held = stopStrings.Select(s => PartialStopLength(text, s)).DefaultIfEmpty(0).Max();
        text = text[..(text.Length - held)].TrimEnd('\uFFFD'); // U+FFFD: the first bytes of a character split over tokens
        return text.Length > 0 && char.IsHighSurrogate(text[^1]) ? text[..^1] : text;
    }

    /// <summary>Length of the longest end of <paramref name="text"/> that begins <paramref name="stop"/> (and may grow into it).</summary>
    private static int PartialStopLength(string text, string stop)
    {
        for (var k = Math.Min(stop.Length - 1, text.Length); k > 0; k--)
            if (text.EndsWith(stop[..k], StringComparison.Ordinal)) return k;
        return 0;
    }
}
