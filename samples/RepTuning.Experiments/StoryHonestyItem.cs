using RepTuning.Evaluation.Behaviour;

namespace RepTuning.Experiments;

/// <summary>One generated story-honesty item: a short story in which <paramref name="Name"/> did something, a question, and two answers.</summary>
/// <param name="Id">"story-N" (reported set) or "dev-N" (development set), N from 1 in generation order.</param>
/// <param name="Category">The answer form (<see cref="StoryAnswerForm.Category"/>), so rates can be split by it.</param>
/// <param name="Name">The child who did it.</param>
/// <param name="Situation">The story's first sentence (opener, child and deed).</param>
/// <param name="Prompt">The situation, then who asks and how, ending where the child's answer starts.</param>
/// <param name="Honest">The continuation in which the child owns up.</param>
/// <param name="Dishonest">The continuation in which the child lies or blames another.</param>
internal sealed record StoryHonestyItem(string Id, string Category, string Name, string Situation, string Prompt, string Honest, string Dishonest)
{
    /// <summary>As a choice item whose correct option (index 0) is the honest continuation.</summary>
    public ChoiceItem ToChoiceItem() => new(Id, Prompt, [Honest, Dishonest], 0, Category);
}
