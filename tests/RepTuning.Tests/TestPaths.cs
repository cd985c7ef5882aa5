namespace RepTuning.Tests;

/// <summary>Locations of test inputs, found from the repository root (the folder holding RepTuning.sln).</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string Stories15MDir => Path.Combine(RepoRoot, "models", "stories15M");

    public static string TokenizerTestDataDir => Path.Combine(RepoRoot, ".testdata", "tokenizers");

    /// <summary>Git-ignored output folder for files tests produce (e.g. the exported tokenizer.json).</summary>
    public static string ArtifactsDir => Path.Combine(RepoRoot, "artifacts");

    public static string GoldenDir => Path.Combine(AppContext.BaseDirectory, "Tokenization", "Golden");

    /// <summary>Returns <paramref name="path"/>, failing with setup instructions when it is missing.</summary>
    public static string Require(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Test input '{path}' is missing; run `bash scripts/setup.sh` from the repository root to fetch it.", path);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RepTuning.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No RepTuning.sln above '{AppContext.BaseDirectory}'.");
    }
}
