using System.Text;

namespace RepTuning.Tokenization.Chat;

/// <summary>
/// Formats where every message is "header(role) content footer" and the answer starts after the
/// assistant header: Llama-3 and ChatML (Qwen).
/// </summary>
internal sealed class RoleHeaderChatTemplate : IChatTemplate
{
    private readonly Func<string, string> _header;
    private readonly string _footer;

    private RoleHeaderChatTemplate(string name, Func<string, string> header, string footer)
    {
        Name = name;
        _header = header;
        _footer = footer;
    }

    /// <summary>Llama-3: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c>.</summary>
    public static RoleHeaderChatTemplate Llama3 { get; } =
        new("llama3", role => $"<|start_header_id|>{role}<|end_header_id|>\n\n", "<|eot_id|>");

    /// <summary>ChatML: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>.</summary>
    public static RoleHeaderChatTemplate ChatMl { get; } =
        new("chatml", role => $"<|im_start|>{role}\n", "<|im_end|>\n");

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string RenderPrompt(IReadOnlyList<ChatMessage> conversation, string? assistantPrefill = null)
    {
        ConversationRules.Split(conversation);
        var prompt = new StringBuilder();
        foreach (var message in conversation)
        {
            prompt.Append(_header(RoleName(message.Role))).Append(message.Content).Append(_footer);
        }
        return prompt.Append(_header(RoleName(ChatRole.Assistant))).Append(assistantPrefill).ToString();
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        _ => "assistant",
    };
}
