// A user's program against the PACKED RepTuning: scripts/test-package.sh copies this folder outside the
// repository, references the freshly packed package and TorchSharp-cpu (no RuntimeIdentifier), then builds,
// publishes and runs it. It loads stories15M, checks one forward pass, one greedy continuation and one steered
// continuation through the public API only, and prints OK; any failure prints what went wrong and exits non-zero.
using RepTuning;
using TorchSharp;

const int VocabSize = 32000;
const string Prompt = "Once upon a time";
// stories15M's greedy continuation of "Once upon a time" from BOS:
// "Once upon a time, there was a little girl named Lily. She loved to play outside ..."
const string ExpectedStart = ", there was a little girl named Lily";

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Consumer <path to stories15M model.bin (tokenizer.bin beside it)>");
    return 2;
}

try
{
    using var lm = LanguageModel.Load(args[0]);
    // Which copies the loader took (the test script checks that it is the one in this app's folder).
    foreach (var library in LoadedLibraries("libLibTorchSharp.so", "libtorch_cpu.so"))
        Console.WriteLine($"consumer: loaded {library}");

    // One forward pass over a few tokens: logits must be (1, T, 32000) and finite.
    var ids = lm.Tokenizer.Encode(Prompt, addBos: true).Select(i => (long)i).ToArray();
    if (ids.Length < 2) return Fail($"the tokenizer gave {ids.Length} ids for \"{Prompt}\"");
    using (torch.no_grad())
    using (var input = torch.tensor(ids, new long[] { 1, ids.Length }, torch.int64))
    using (var logits = lm.Network.forward(input))
    {
        var shape = logits.shape;
        var want = new long[] { 1, ids.Length, VocabSize };
        if (!shape.SequenceEqual(want))
            return Fail($"logits shape ({string.Join(", ", shape)}), expected ({string.Join(", ", want)})");
        using var finite = logits.isfinite().all();
        if (!finite.ToBoolean()) return Fail("the logits hold NaN or infinite values");
        Console.WriteLine($"consumer: forward over {ids.Length} tokens gave logits ({string.Join(", ", shape)}), all finite");
    }

    // Greedy generation of 20 tokens.
    var text = lm.Generate(Prompt, GenerationOptions.Greedy with { MaxNewTokens = 20 });
    Console.WriteLine($"consumer: \"{Prompt}\" -> \"{text}\"");
    if (!text.StartsWith(ExpectedStart, StringComparison.Ordinal))
        return Fail($"the greedy continuation should start with \"{ExpectedStart}\"");

    // Steering: a direction read from contrastive pairs changes the continuation inside its scope only.
    var pairs = ContrastiveDataset.FromTexts("happy-sad", [
        ("Tom was very happy. He smiled.", "Tom was very sad. He cried."), ("The sun made Lily glad.", "The rain made Lily gloomy."),
        ("Ben laughed with joy.", "Ben wept with sorrow."), ("Mia loved her new toy.", "Mia lost her new toy.")]);
    var vector = SteeringVector.Read(lm, pairs, new ReadOptions { Layers = [3] }).Vector;
    string steered;
    using (lm.Steer(new Intervention(vector, [3]) { Multiplier = 8 }))
        steered = lm.Generate(Prompt, GenerationOptions.Greedy with { MaxNewTokens = 20 });
    if (steered == text) return Fail("steering at layer 3 changed nothing");
    if (lm.Generate(Prompt, GenerationOptions.Greedy with { MaxNewTokens = 20 }) != text)
        return Fail("the continuation after the steering scope differs from the unsteered one");
    Console.WriteLine($"consumer: steered at layer 3 -> \"{steered}\"");

    Console.WriteLine("OK");
    return 0;
}
catch (Exception e)
{
    return Fail(e.ToString());
}

// The paths of the named shared libraries mapped into this process (Linux; none elsewhere).
static IEnumerable<string> LoadedLibraries(params string[] names) =>
    File.Exists("/proc/self/maps")
        ? File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : "")
            .Where(path => names.Contains(Path.GetFileName(path)))
            .Distinct()
        : [];

static int Fail(string message)
{
    Console.Error.WriteLine($"consumer: FAILED: {message}");
    return 1;
}
