using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// Right-padded tensors for one step (right padding keeps every real position exactly as unpadded). The
/// tensors belong to the dispose scope that is current when the batch is built.
/// </summary>
internal sealed class TuningBatch
{
    private TuningBatch(IReadOnlyList<EncodedExample> rows, int behaviourRows, Tensor ids, Tensor mask, Tensor targetWeights, Tensor answerPositions, Tensor? answerIds, Tensor? softTargets)
    {
        Rows = rows; BehaviourRows = behaviourRows; Ids = ids; Mask = mask; TargetWeights = targetWeights; AnswerPositions = answerPositions; AnswerIds = answerIds; SoftTargets = softTargets;
    }

    /// <summary>The examples, in row order: the tuning examples, then any retain examples.</summary>
    public IReadOnlyList<EncodedExample> Rows { get; }

    /// <summary>How many leading rows are tuning examples; the rest are retain examples (rerouting only).</summary>
    public int BehaviourRows { get; }

    /// <summary>Whether the batch holds retain rows.</summary>
    public bool HasRetain => BehaviourRows < Rows.Count;

    /// <summary>(B, T) int64 token ids.</summary>
    public Tensor Ids { get; }
    /// <summary>(B, T) int64, 1 real, 0 padding.</summary>
    public Tensor Mask { get; }
    /// <summary>(B, T) float32, 1 at target positions.</summary>
    public Tensor TargetWeights { get; }
    /// <summary>(B) int64: the last prompt token, whose logits predict the answer.</summary>
    public Tensor AnswerPositions { get; }
    /// <summary>(B) int64 hard answer ids, or null when some example has no answer.</summary>
    public Tensor? AnswerIds { get; }
    /// <summary>(B, V) float32 soft targets, or null.</summary>
    public Tensor? SoftTargets { get; }

    /// <summary>Pads <paramref name="rows"/>, followed by <paramref name="retain"/> when given, into one batch.</summary>
    public static TuningBatch Build(IReadOnlyList<EncodedExample> rows, int vocabSize, Device device, IReadOnlyList<EncodedExample>? retain = null)
    {
        var behaviourRows = rows.Count;
        if (retain is { Count: > 0 }) rows = [.. rows, .. retain];
        var (ids, mask) = TokenPadding.Right(rows.Select(r => r.Ids).ToList(), device);
        int b = rows.Count, t = (int)ids.size(1);
        var weights = new float[b * t];
        var answerPositions = new long[b];
        for (var i = 0; i < b; i++)
        {
            var r = rows[i];
            for (var p = r.Target.Start; p < r.Target.End; p++) weights[i * t + p] = 1;
            answerPositions[i] = r.PromptLength - 1;
        }
        Tensor? answerIds = rows.All(r => r.AnswerId is not null)
            ? torch.tensor(rows.Select(r => (long)r.AnswerId!.Value).ToArray(), device: device) : null;
        Tensor? soft = null;
        if (rows[0].SoftTargets is not null)
        {
            var probs = new float[b * vocabSize];
            for (var i = 0; i < b; i++)
                foreach (var (id, p) in rows[i].SoftTargets!) probs[i * vocabSize + id] += (float)p;
            soft = torch.tensor(probs, [b, vocabSize], device: device);
        }
        return new TuningBatch(rows, behaviourRows, ids, mask, torch.tensor(weights, [b, t], device: device), torch.tensor(answerPositions, device: device), answerIds, soft);
    }
}
