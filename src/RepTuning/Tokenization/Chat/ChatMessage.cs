namespace RepTuning.Tokenization.Chat;

/// <summary>Who wrote a chat message.</summary>
internal enum ChatRole
{
    /// <summary>Instructions or persona; only as the first message.</summary>
    System,

    /// <summary>The human turn.</summary>
    User,

    /// <summary>The model's turn.</summary>
    Assistant,
}

/// <summary>One message of a conversation; the content is rendered verbatim (not trimmed).</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">What was written.</param>
internal sealed record ChatMessage(ChatRole Role, string Content)
{
    /// <summary>A system message.</summary>
    public static ChatMessage System(string content) => new(ChatRole.System, content);

    /// <summary>A user message.</summary>
    public static ChatMessage User(string content) => new(ChatRole.User, content);

    /// <summary>An assistant message.</summary>
    public static ChatMessage Assistant(string content) => new(ChatRole.Assistant, content);
}
