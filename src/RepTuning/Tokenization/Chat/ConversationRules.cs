namespace RepTuning.Tokenization.Chat;

/// <summary>Checks shared by every template, so they reject the same malformed conversations.</summary>
internal static class ConversationRules
{
    /// <summary>Returns the system prompt (if first) and the remaining messages.</summary>
    public static (string? System, IReadOnlyList<ChatMessage> Turns) Split(IReadOnlyList<ChatMessage> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        for (var i = 0; i < conversation.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(conversation[i], $"{nameof(conversation)}[{i}]");
            if (conversation[i].Role == ChatRole.System && i > 0)
            {
                throw new ArgumentException($"Message {i} is a system message; only the first message may be one.", nameof(conversation));
            }
        }
        if (conversation.Count > 0 && conversation[^1].Role == ChatRole.Assistant)
        {
            throw new ArgumentException("The conversation ends with an assistant message; pass a partial answer as the prefill instead.", nameof(conversation));
        }
        return conversation.Count > 0 && conversation[0].Role == ChatRole.System
            ? (conversation[0].Content, conversation.Skip(1).ToList())
            : (null, conversation);
    }
}
