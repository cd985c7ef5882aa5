using RepTuning.Tokenization.Chat;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>Renders a question as a single user turn with no system persona, ready for the answer.</summary>
internal static class ChoicePrompt
{
    public static string Render(IChatTemplate template, string question) => template.RenderPrompt([ChatMessage.User(question)]);
}
