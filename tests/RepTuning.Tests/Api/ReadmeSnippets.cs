using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RepTuning.Tests.Api;

/// <summary>
/// The C# blocks of one README section, compiled as one program in the order they appear (a later block may use
/// what an earlier one declared) and run. The program is compiled under its own assembly name, so it sees only
/// the library's public API, exactly as a user's code does.
/// </summary>
internal static partial class ReadmeSnippets
{
    /// <summary>The ```csharp blocks between <paramref name="heading"/> and the next heading of the same level.</summary>
    public static IReadOnlyList<string> Blocks(string readme, string heading)
    {
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"README has no section '{heading}'");
        var level = heading[..(heading.IndexOf(' ') + 1)];
        var end = readme.IndexOf("\n" + level, start + heading.Length + 2, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return CSharpBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
    }

    // What `dotnet new console` gives a user's project (ImplicitUsings), so snippets need not repeat it.
    private const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    /// <summary>
    /// One top-level program from <paramref name="blocks"/>: their using directives first (C# requires it), then
    /// every other line in order.
    /// </summary>
    public static string Program(IReadOnlyList<string> blocks)
    {
        var lines = blocks.SelectMany(b => b.Split('\n')).ToList();
        var usings = lines.Where(l => UsingDirective().IsMatch(l)).Distinct();
        return ImplicitUsings + string.Join("\n", usings.Concat(lines.Where(l => !UsingDirective().IsMatch(l))));
    }

    /// <summary>Compiles <paramref name="source"/> against the framework and the assemblies beside the tests.</summary>
    /// <exception cref="InvalidOperationException">The program does not compile; the message lists the errors.</exception>
    public static Assembly Compile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("ReadmeSnippets", [tree], References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emitted.Success)
            throw new InvalidOperationException("the README's snippets do not compile:\n" + string.Join("\n", errors) + "\n\n" + Numbered(source));
        return Assembly.Load(image.ToArray());
    }

    private static IEnumerable<MetadataReference> References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return framework.Concat(beside)
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Where(IsManaged)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string Numbered(string source) =>
        string.Join("\n", source.Split('\n').Select((l, i) => $"{i + 1,4}  {l}"));

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>]+)?\s*;\s*$")]
    private static partial Regex UsingDirective();
}
