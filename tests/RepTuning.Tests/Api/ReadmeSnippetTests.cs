namespace RepTuning.Tests.Api;

/// <summary>
/// Every C# block of README's "Using the library" runs as written, against the public API only, so the README
/// cannot drift from the library.
/// </summary>
[Collection(nameof(ProcessWideState))]
public class ReadmeSnippetTests
{
    [Fact]
    public void The_using_the_library_snippets_compile_and_run()
    {
        TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "model.bin"));
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).ReplaceLineEndings("\n");
        var blocks = ReadmeSnippets.Blocks(readme, "## Using the library");
        blocks.Should().NotBeEmpty();

        var program = ReadmeSnippets.Compile(ReadmeSnippets.Program(blocks));

        // The snippets use paths relative to the repository root and print to the console.
        var directory = Environment.CurrentDirectory;
        var console = Console.Out;
        using var output = new StringWriter();
        try
        {
            Environment.CurrentDirectory = TestPaths.RepoRoot;
            Console.SetOut(output);
            program.EntryPoint!.Invoke(null, program.EntryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = directory;
        }
        output.ToString().Should().Contain("Lily", "greedy decoding from the prompt tells the story of Lily");
    }
}
