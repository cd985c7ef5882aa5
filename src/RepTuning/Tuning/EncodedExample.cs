using RepTuning.Tokenization;

namespace RepTuning.Tuning;

/// <summary>
/// A tokenised example: <c>[BOS] prompt [answer]</c>, with the tokens [Target.Start, Target.End) the representation loss
/// reads. Answer tokens are what encoding prompt + answer adds after the prompt's own tokens, so SentencePiece's
/// context-dependent spaces come out right.
/// </summary>
internal sealed record EncodedExample(int[] Ids, int PromptLength, int? AnswerId, IReadOnlyList<(int Id, double P)>? SoftTargets, TokenRange Target)
{
    /// <summary>Encodes <paramref name="example"/> and resolves <paramref name="position"/> in it (throwing when it falls outside the prompt).</summary>
    public static EncodedExample Encode(ModelTokenizer tokenizer, TuningExample example, IReadOnlyDictionary<string, double>? softTargets, TokenPosition position)
    {
        var withOffsets = position.NeedsText ? tokenizer.EncodeWithOffsets(example.Prompt, addBos: true) : null;
        var prompt = withOffsets?.Select(t => t.Id).ToArray() ?? tokenizer.Encode(example.Prompt, addBos: true).ToArray();
        var contentStart = tokenizer.BosId is { } bos && prompt.Length > 0 && prompt[0] == bos ? 1 : 0;
        if (prompt.Length <= contentStart) throw new ArgumentException("a tuning prompt is empty: every example needs prompt text");
        int[] ids = prompt;
        int? answerId = null;
        if (example.Answer is { Length: > 0 } answer)
        {
            ids = tokenizer.Encode(example.Prompt + answer, addBos: true).ToArray();
            if (ids.Length <= prompt.Length || !ids.AsSpan(0, prompt.Length).SequenceEqual(prompt))
                throw new ArgumentException($"the answer '{answer}' does not tokenise as a continuation of its prompt: end the prompt where the answer's first token starts");
            answerId = ids[prompt.Length];
        }
        var soft = softTargets?.Select(kv => (FirstAnswerToken(tokenizer, example.Prompt, prompt, kv.Key), kv.Value)).ToList();
        var target = position.Resolve(new TokenLayout(prompt.Length, ids.Length, contentStart == 1, example.Prompt, withOffsets));
        return new EncodedExample(ids, prompt.Length, answerId, soft, target);
    }

    private static int FirstAnswerToken(ModelTokenizer tokenizer, string promptText, int[] prompt, string answer)
    {
        var ids = tokenizer.Encode(promptText + answer, addBos: true);
        if (ids.Count <= prompt.Length || !ids.Take(prompt.Length).SequenceEqual(prompt))
            throw new ArgumentException($"the soft target '{answer}' does not tokenise as a continuation of the prompt");
        return ids[prompt.Length];
    }
}
