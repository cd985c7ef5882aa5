using RepTuning.Models;
using RepTuning.Models.Loading;

namespace RepTuning.Tests;

/// <summary>The embedded stories15M model, loaded once per test run and shared read-only.</summary>
public static class TestModels
{
    private static readonly Lazy<LlamaModel> s_stories = new(() =>
    {
        var (config, weights) = Llama2cLoader.Load(Stories15MPath);
        return new LlamaModel(config, weights);
    });

    /// <summary>Path of models/stories15M/model.bin in the repository.</summary>
    public static string Stories15MPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RepTuning.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? ".", "models", "stories15M", "model.bin");
            if (!File.Exists(path))
                throw new FileNotFoundException($"stories15M is missing at {path}: run `bash scripts/setup.sh` first", path);
            return path;
        }
    }

    /// <summary>The shared stories15M network (do not mutate its weights; tuning tests load their own copy).</summary>
    public static LlamaModel Stories15M => s_stories.Value;
}
