namespace RepTuning.Tokenization.Chat;

/// <summary>
/// For base and story models without a chat format: the message contents and the prefill, joined
/// by blank lines (empty parts left out), so a single user message renders as just its text.
/// </summary>
internal sealed class PlainChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => "plain";

    /// <inheritdoc />
    public string RenderPrompt(IReadOnlyList<ChatMessage> conversation, string? assistantPrefill = null)
    {
        ConversationRules.Split(conversation);
        var parts = conversation.Select(m => m.Content).Append(assistantPrefill ?? string.Empty);
        return string.Join("\n\n", parts.Where(p => p.Length > 0));
    }
}
