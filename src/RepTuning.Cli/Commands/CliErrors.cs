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
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException
                                      or System.Runtime.InteropServices.ExternalException or ArgumentException
                                      or InvalidOperationException or FormatException)
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
