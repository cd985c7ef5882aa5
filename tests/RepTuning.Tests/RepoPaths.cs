namespace RepTuning.Tests;

/// <summary>Locates files of the repository the tests run from.</summary>
internal static class RepoPaths
{
    /// <summary>The directory holding RepTuning.sln, found by walking up from the test assembly.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RepTuning.sln")))
                    return dir.FullName;
            throw new InvalidOperationException($"No RepTuning.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The stories15M llama2.c model folder; fails with setup instructions when it was not fetched.</summary>
    public static string Stories15M
    {
        get
        {
            string dir = Path.Combine(Root, "models", "stories15M");
            if (!File.Exists(Path.Combine(dir, "model.bin")))
                throw new InvalidOperationException($"{dir}/model.bin is missing; run `bash scripts/setup.sh` to fetch the test models.");
            return dir;
        }
    }
}
