using System.Globalization;
using System.Text.Json;
using RepTuning.Checkpoints;
using RepTuning.Models.Loading;
using RepTuning.Torch;
using RepTuning.Torch.Optim;

namespace RepTuning.Tuning;

/// <summary>
/// A resumable training state in one safetensors file (written atomically): tuned tensors <c>param/NAME</c>,
/// AdamW state <c>optim/KEY</c>, and the <see cref="TrainingState"/> (scheduler step, data position,
/// early-stopping memory) as JSON metadata.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Format = "reptuning.training_checkpoint";
    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, IReadOnlyList<(string Name, Models.Linear Linear)> tuned, AdamW optimizer, TrainingState state, string runFingerprint)
    {
        var optimizerState = optimizer.StateDict();
        try
        {
            var tensors = tuned.Select(p => TensorFiles.ToWrite("param/" + p.Name, p.Linear.Weight))
                .Concat(optimizerState.Select(kv => TensorFiles.ToWrite("optim/" + kv.Key, kv.Value))).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            SafetensorsWriter.Write(path, tensors, new Dictionary<string, string>
            {
                ["format"] = Format,
                ["run"] = runFingerprint,
                ["state"] = JsonSerializer.Serialize(state, s_json),
            });
        }
        finally
        {
            foreach (var t in optimizerState.Values) t.Dispose();
        }
    }

    /// <summary>Restores weights and optimizer state; returns the data/scheduler state.</summary>
    public static TrainingState Load(string path, IReadOnlyList<(string Name, Models.Linear Linear)> tuned, AdamW optimizer, string runFingerprint)
    {
        using var file = SafetensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new CheckpointFormatException(path, "not a RepTuning training checkpoint");
        if (file.Metadata.GetValueOrDefault("run") != runFingerprint)
            throw new CheckpointFormatException(path, "the checkpoint belongs to a run with other data, target or options: resume with the same settings, or delete it to start afresh");
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
            foreach (var (name, linear) in tuned)
                linear.Weight.copy_(TensorFiles.Read(file, "param/" + name));
        var optim = file.Tensors.Where(e => e.Name.StartsWith("optim/", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["optim/".Length..], e => TensorFiles.Read(file, e.Name));
        optimizer.LoadStateDict(optim);
        return JsonSerializer.Deserialize<TrainingState>(file.Metadata["state"], s_json)
            ?? throw new CheckpointFormatException(path, "checkpoint state is empty");
    }

    /// <summary>Identifies what a checkpoint may be resumed into (data, target, options, tuned tensors).</summary>
    public static string Fingerprint(IEnumerable<TuningExample> examples, TuningTarget target, TrainingOptions options, ParameterSelection selection)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string s) => sha.AppendData(System.Text.Encoding.UTF8.GetBytes(s + "\n"));
        foreach (var e in examples) { Add(e.Prompt); Add(e.Answer ?? "\0"); }
        Add(target.DirectionHash());
        Add(target.Position.ToString()!);
        Add(target.Sign.ToString(CultureInfo.InvariantCulture));
        Add((options with { Resume = false, CheckpointEvery = 0, CheckpointPath = null }).ToJson());
        Add(selection.ToString());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
