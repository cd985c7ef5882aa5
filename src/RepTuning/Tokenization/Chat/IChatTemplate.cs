namespace RepTuning.Tokenization.Chat;

/// <summary>
/// A model family's chat format as code. Templates never render the BOS token: encode the prompt
/// with <c>addBos: true</c> instead (a SentencePiece tokenizer.bin does not read "&lt;s&gt;" from text).
/// </summary>
internal interface IChatTemplate
{
    /// <summary>Short name used to pick the template explicitly ("llama2", "llama3", "chatml", "plain").</summary>
    string Name { get; }

    /// <summary>
    /// Renders <paramref name="conversation"/> up to where the assistant's answer starts, followed by
    /// <paramref name="assistantPrefill"/> (a partial answer to continue from) when given.
    /// </summary>
    /// <exception cref="ArgumentException">The conversation has a system message after the start, ends with an
    /// assistant message (pass it as the prefill instead), or breaks the family's turn order.</exception>
    string RenderPrompt(IReadOnlyList<ChatMessage> conversation, string? assistantPrefill = null);
}
