using System.Text.Json;
using RepTuning.Checkpoints;
using RepTuning.Models.Loading;
using AdamW = TorchSharp.Modules.AdamW;

namespace RepTuning.Tuning;

/// <summary>
/// A resumable training state in one safetensors file (written atomically): trained tensors <c>param/NAME</c> (the
/// weights, or the LoRA adapters, as <see cref="TrainableTensors"/> names them),
/// AdamW state <c>optim/KEY</c>, and the <see cref="TrainingState"/> (scheduler step, data position,
/// early-stopping memory) as JSON metadata.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Format = "reptuning.training_checkpoint";
    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Value)> tuned, AdamW optimizer, TrainingState state, string runFingerprint)
    {
        var optimizerState = OptimizerState(optimizer);
        try
        {
            var tensors = tuned.Select(p => TensorFiles.ToWrite("param/" + p.Name, p.Value))
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
    public static TrainingState Load(string path, IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Value)> tuned, AdamW optimizer, string runFingerprint)
    {
        using var file = SafetensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new CheckpointFormatException(path, "not a RepTuning training checkpoint");
        if (file.Metadata.GetValueOrDefault("run") != runFingerprint)
            throw new CheckpointFormatException(path, "the checkpoint belongs to a run with other data, target or options: resume with the same settings, or delete it to start afresh");
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
            foreach (var (name, value) in tuned)
                value.copy_(TensorFiles.Read(file, "param/" + name));
        var optim = file.Tensors.Where(e => e.Name.StartsWith("optim/", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["optim/".Length..], e => TensorFiles.Read(file, e.Name));
        LoadOptimizerState(optimizer, optim);
        return JsonSerializer.Deserialize<TrainingState>(file.Metadata["state"], s_json)
            ?? throw new CheckpointFormatException(path, "checkpoint state is empty");
    }

    // AdamW's moments under the keys the own engine used (g0.pJ.exp_avg, .exp_avg_sq, .step), so checkpoints
    // written before the move to TorchSharp still resume; the scheduler sets the lr from the step.
    private static Dictionary<string, Tensor> OptimizerState(AdamW optimizer)
    {
        var dict = new Dictionary<string, Tensor>();
        var states = optimizer.state_dict().State;
        for (var j = 0; j < states.Count; j++)
        {
            var s = (AdamW.State)states[j];
            dict[$"g0.p{j}.exp_avg"] = s.exp_avg.clone().DetachFromDisposeScope();
            dict[$"g0.p{j}.exp_avg_sq"] = s.exp_avg_sq.clone().DetachFromDisposeScope();
            dict[$"g0.p{j}.step"] = torch.tensor(new[] { s.step }).DetachFromDisposeScope();
        }
        return dict;
    }

    private static void LoadOptimizerState(AdamW optimizer, IReadOnlyDictionary<string, Tensor> dict)
    {
        var state = optimizer.state_dict();
        for (var j = 0; j < state.State.Count; j++)
        {
            if (!dict.TryGetValue($"g0.p{j}.exp_avg", out var m)) continue;
            var s = (AdamW.State)state.State[j];
            using (torch.no_grad())
            {
                s.exp_avg.copy_(m);
                s.exp_avg_sq.copy_(dict[$"g0.p{j}.exp_avg_sq"]);
            }
            s.step = dict[$"g0.p{j}.step"].ToInt64();
        }
        optimizer.load_state_dict(state);
    }

    /// <summary>Identifies what a checkpoint may be resumed into (data, target, options, tuned tensors).</summary>
    public static string Fingerprint(IEnumerable<TuningExample> examples, TuningTarget target, TuningOptions options, ParameterSelection selection)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string s) => sha.AppendData(System.Text.Encoding.UTF8.GetBytes(s + "\n"));
        TuningExamples.AppendTo(sha, examples);
        // Only when there are any, so checkpoints of the other objectives keep their fingerprints.
        if (options.RetainExamples is { } retain)
        {
            Add("\0retain");
            TuningExamples.AppendTo(sha, retain);
        }
        Add(target.DirectionHash());
        Add(options.SettingsJson());
        Add(selection.ToString());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
