using RepTuning.Evaluation;
using Spectre.Console;

namespace RepTuning.Cli.Commands;

/// <summary>What the evaluation commands share: a progress bar over library progress reports, and an output folder.</summary>
internal static class EvaluationOutput
{
    /// <summary>Runs <paramref name="work"/> under a progress bar fed by its <see cref="WorkProgress"/> reports.</summary>
    internal static T WithProgress<T>(string label, Func<IProgress<WorkProgress>, T> work) =>
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(label);
            return work(new SynchronousProgress<WorkProgress>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
        });

    /// <summary>Creates the <c>--out</c> folder (checking that it can be written) and returns a function mapping file names into it; call it before the work.</summary>
    internal static Func<string, string> Folder(string path)
    {
        OutputPaths.PrepareFolder(path, "--out");
        return name => Path.Combine(path, name);
    }

    /// <summary>Writes a Markdown summary via a temporary file and a rename, so readers never see half a file.</summary>
    internal static void WriteMarkdown(string path, string markdown)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, markdown);
        File.Move(temp, path, overwrite: true);
    }

}
