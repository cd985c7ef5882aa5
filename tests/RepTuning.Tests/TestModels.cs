using RepTuning.Models;

namespace RepTuning.Tests;

/// <summary>The embedded stories15M model, loaded once per test run and shared read-only.</summary>
public static class TestModels
{
    private static readonly Lazy<LanguageModel> s_stories = new(() => LanguageModel.Load(Stories15MPath));

    /// <summary>Path of models/stories15M/model.bin (fails naming the setup script when missing).</summary>
    public static string Stories15MPath => TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "model.bin"));

    /// <summary>The shared stories15M model (do not mutate its weights; tuning tests load their own copy).</summary>
    public static LanguageModel Stories15M => s_stories.Value;
}
