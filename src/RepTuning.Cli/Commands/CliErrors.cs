using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Tokenization;

namespace RepTuning.Cli.Commands;

/// <summary>Turns the library's typed failures into one clear line on stderr and exit code 1.</summary>
internal static class CliErrors
{
    internal static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TokenizerFormatException or CheckpointFormatException
                                      or UnsupportedModelException or VectorMismatchException or System.Runtime.InteropServices.ExternalException or ArgumentException
                                      or InvalidOperationException or FormatException or Evaluation.EvaluationDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}
