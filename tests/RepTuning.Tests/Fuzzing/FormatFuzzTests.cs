using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// Byte-level fuzzing of every file format the library reads (issue #14): a few hundred deterministic mutants of a
/// small valid file each, which must load or fail with a typed error naming the file, within time and memory budgets.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class FormatFuzzTests : IDisposable
{
    // REPTUNING_FUZZ_CASES runs more mutants per test when hunting for new failures; the seeds stay fixed.
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("REPTUNING_FUZZ_CASES"), out int n) && n > 0 ? n : 300;
    private const string Sample = "hello abc, héllo\n <s> ab 🙂";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Safetensors(int seed)
    {
        byte[] original = SeedFiles.Safetensors(_dir.Path);
        FuzzHarness.Run(original, _dir.File("fuzz.safetensors"), seed, Cases, headerBytes: original.Length - 60, path =>
        {
            using var file = SafetensorsFile.Open(path);
            foreach (var entry in file.Tensors)
            {
                if (entry.DType is DType.F32 or DType.F16 or DType.BF16 or DType.F64)
                    _ = file.ReadFloat32(entry.Name);
                else
                    _ = file.GetBytes(entry).Length;
            }
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Gguf(int seed)
    {
        byte[] original = SeedFiles.Gguf(_dir.Path);
        FuzzHarness.Run(original, _dir.File("fuzz.gguf"), seed, Cases, headerBytes: 400, path => GgufFile.Read(path));
    }

    [Fact]
    public void GgufControlVector()
    {
        byte[] original = SeedFiles.ControlVector(_dir.Path);
        FuzzHarness.Run(original, _dir.File("fuzz-cv.gguf"), 5, Cases, headerBytes: 256, path => RepTuning.Checkpoints.Gguf.GgufControlVector.Read(path));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Llama2cCheckpoint(int seed)
    {
        byte[] original = SeedFiles.Llama2c();
        FuzzHarness.Run(original, _dir.File("fuzz.bin"), seed, Cases, headerBytes: 28, path =>
        {
            using var checkpoint = RepTuning.Checkpoints.Llama2cCheckpoint.Open(path);
            foreach (var block in checkpoint.Blocks)
                _ = checkpoint.ReadFloat32(block.Name);
            _ = checkpoint.ToModelConfig();
        });
    }

    [Fact]
    public void TokenizerBin()
    {
        byte[] original = SeedFiles.TokenizerBin();
        FuzzHarness.Run(original, _dir.File("tokenizer.bin"), 8, Cases, headerBytes: 64, path => Exercise(SentencePieceBinReader.Read(path)));
    }

    [Fact]
    public void TokenizerJson()
    {
        byte[] original = SeedFiles.TokenizerJson(_dir.Path);
        string folder = Path.Combine(_dir.Path, "fuzz-json");
        Directory.CreateDirectory(folder);
        FuzzHarness.Run(original, Path.Combine(folder, "tokenizer.json"), 9, Cases, headerBytes: original.Length, path => Exercise(HfTokenizerJsonReader.Read(path)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    public void ConfigJson(int seed)
    {
        byte[] original = SeedFiles.ConfigJson();
        FuzzHarness.Run(original, _dir.File("config.json"), seed, Cases, path => ModelConfig.Load(path).Validate(path),
            random => TextMutator.Mutate(original, random, SeedFiles.ConfigFields));
    }

    [Fact]
    public void PairsJsonl()
    {
        byte[] original = SeedFiles.PairsJsonl();
        FuzzHarness.Run(original, _dir.File("pairs.jsonl"), 12, Cases, path => _ = RepTuning.Reading.Datasets.JsonlPairs.Load(path).Hash,
            random => TextMutator.Mutate(original, random));
    }

    [Fact]
    public void PairsCsv()
    {
        byte[] original = SeedFiles.PairsCsv();
        FuzzHarness.Run(original, _dir.File("pairs.csv"), 13, Cases, path => _ = RepTuning.Reading.Datasets.CsvTextPairs.Load(path).Hash,
            random => TextMutator.Mutate(original, random));
    }

    [Fact]
    public void FactsCsv()
    {
        byte[] original = SeedFiles.FactsCsv();
        FuzzHarness.Run(original, _dir.File("facts.csv"), 14, Cases, path => _ = RepTuning.Reading.Datasets.FactStatement.LoadCsv(path).Count,
            random => TextMutator.Mutate(original, random));
    }

    private static void Exercise(BpeTokenizer tokenizer)
    {
        var ids = tokenizer.Encode(Sample, addBos: true, addEos: true);
        _ = tokenizer.Decode(ids);
        _ = tokenizer.EncodeWithOffsets(Sample);
    }
}
