using System.Text;

namespace RepTuning.Tokenization.Chat;

/// <summary>
/// Llama-2-chat: <c>[INST] &lt;&lt;SYS&gt;&gt;\n{system}\n&lt;&lt;/SYS&gt;&gt;\n\n{user} [/INST] {assistant} &lt;/s&gt;&lt;s&gt;[INST] ...</c>,
/// the system prompt folded into the first user turn; the answer starts after "[/INST]" and a space.
/// </summary>
internal sealed class Llama2ChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => "llama2";

    /// <inheritdoc />
    public string RenderPrompt(IReadOnlyList<ChatMessage> conversation, string? assistantPrefill = null)
    {
        var (system, turns) = ConversationRules.Split(conversation);
        if (turns.Count == 0)
        {
            throw new ArgumentException("A Llama-2 prompt needs a user message.", nameof(conversation));
        }
        var prompt = new StringBuilder();
        for (var i = 0; i < turns.Count; i++)
        {
            var expected = i % 2 == 0 ? ChatRole.User : ChatRole.Assistant;
            if (turns[i].Role != expected)
            {
                throw new ArgumentException($"Llama-2 turns alternate user/assistant starting with user; turn {i} is {turns[i].Role}.", nameof(conversation));
            }
            if (expected == ChatRole.Assistant)
            {
                // A finished exchange closes with EOS and the next one opens with BOS, as text.
                prompt.Append(' ').Append(turns[i].Content).Append(" </s><s>");
                continue;
            }
            prompt.Append("[INST] ");
            if (i == 0 && system is not null)
            {
                prompt.Append("<<SYS>>\n").Append(system).Append("\n<</SYS>>\n\n");
            }
            prompt.Append(turns[i].Content).Append(" [/INST]");
        }
        if (assistantPrefill is not null)
        {
            prompt.Append(' ').Append(assistantPrefill);
        }
        return prompt.ToString();
    }
}
