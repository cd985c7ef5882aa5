using Microsoft.Extensions.Logging;
using RepTuning.Reading;

namespace RepTuning;

public sealed partial class SteeringVector
{
    /// <summary>
    /// Reads a direction per layer from contrastive pairs: captures each pair's activations at its position, reduces
    /// them with <see cref="ReadOptions.Method"/>, and scores every layer on held-out pairs
    /// (<see cref="ReadResult.Layers"/>, best first in <see cref="ReadResult.Ranking"/>). Progress counts prompts
    /// captured (two per pair).
    /// </summary>
    /// <exception cref="InvalidInputException">The dataset is empty or its pairs cannot define a direction.</exception>
    public static ReadResult Read(LanguageModel model, ContrastiveDataset dataset, ReadOptions? options = null, ILogger? logger = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        var prompts = 2 * dataset.Count;
        var captured = progress is null ? null : new SynchronousProgress<int>(done => progress.Report(new WorkProgress(done, prompts, "prompts")));
        return VectorReader.Read(model, dataset, options, captured, logger, cancellationToken);
    }
}
