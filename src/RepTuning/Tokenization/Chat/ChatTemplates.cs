namespace RepTuning.Tokenization.Chat;

/// <summary>The built-in chat templates and how one is picked for a model.</summary>
internal static class ChatTemplates
{
    /// <summary>Llama-2-chat.</summary>
    public static IChatTemplate Llama2 { get; } = new Llama2ChatTemplate();

    /// <summary>Llama-3 instruct.</summary>
    public static IChatTemplate Llama3 => RoleHeaderChatTemplate.Llama3;

    /// <summary>ChatML (Qwen and others).</summary>
    public static IChatTemplate ChatMl => RoleHeaderChatTemplate.ChatMl;

    /// <summary>No chat format (base and story models).</summary>
    public static IChatTemplate Plain { get; } = new PlainChatTemplate();

    /// <summary>All built-in templates.</summary>
    public static IReadOnlyList<IChatTemplate> All { get; } = [Llama2, Llama3, ChatMl, Plain];

    /// <summary>The template called <paramref name="name"/> (case-insensitive), e.g. for a caller's override.</summary>
    /// <exception cref="ArgumentException">No built-in template has that name.</exception>
    public static IChatTemplate ByName(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown chat template '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    /// <summary>
    /// Recognises the family from the Jinja source of a tokenizer_config.json chat_template (by its
    /// marker tokens), else from the model type (e.g. "llama3", "qwen2", "llama2-chat"); else plain.
    /// </summary>
    public static IChatTemplate Detect(string? chatTemplateSource, string? modelType = null)
    {
        if (chatTemplateSource is { } source)
        {
            if (source.Contains("<|start_header_id|>", StringComparison.Ordinal))
            {
                return Llama3;
            }
            if (source.Contains("<|im_start|>", StringComparison.Ordinal))
            {
                return ChatMl;
            }
            if (source.Contains("[INST]", StringComparison.Ordinal) || source.Contains("<<SYS>>", StringComparison.Ordinal))
            {
                return Llama2;
            }
        }
        var type = (modelType ?? string.Empty).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return type switch
        {
            _ when type.Contains("llama3", StringComparison.Ordinal) => Llama3,
            _ when type.Contains("qwen", StringComparison.Ordinal) || type.Contains("chatml", StringComparison.Ordinal) => ChatMl,
            _ when type.Contains("llama2", StringComparison.Ordinal) && type.Contains("chat", StringComparison.Ordinal) => Llama2,
            _ => Plain,
        };
    }

    /// <summary>Detects the template from a tokenizer_config.json (missing file: by model type alone).</summary>
    /// <exception cref="TokenizerFormatException">The file exists but is malformed.</exception>
    public static IChatTemplate FromTokenizerConfig(string tokenizerConfigPath, string? modelType = null) =>
        Detect(TokenizerConfig.TryRead(tokenizerConfigPath)?.ChatTemplate, modelType);
}
