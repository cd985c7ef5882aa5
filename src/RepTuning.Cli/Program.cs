using System.CommandLine;
using RepTuning.Cli.Commands;
using RepTuning.Runtime;

namespace RepTuning.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        TorchDefaults.Apply(); // before the first tensor: libtorch's OpenMP reads its wait policy when it loads
        return CreateRoot().Parse(args).Invoke();
    }

    /// <summary>The <c>reptune</c> command tree (also what the tests invoke in-process).</summary>
    internal static RootCommand CreateRoot() => new("reptune: read, steer, tune and evaluate behaviour directions in language models")
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
}
