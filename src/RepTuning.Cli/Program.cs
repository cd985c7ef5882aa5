using System.CommandLine;
using RepTuning.Cli.Commands;

namespace RepTuning.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("reptune: read, steer, tune and evaluate behaviour directions in language models")
        {
            TokenizeCommand.Create(),
            GenerateCommand.Create(),
            ExtractCommand.Create(),
            TuneCommand.Create(),
            PplCommand.Create(),
            EvalCommand.Create(),
            SimmapCommand.Create(),
            AtlasCommand.Create(),
            RobustnessCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
