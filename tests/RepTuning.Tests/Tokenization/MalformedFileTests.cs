using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

public sealed class MalformedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reptuning-malformed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteFile(string name, string text) => WriteFile(name, System.Text.Encoding.UTF8.GetBytes(text));

    private static void ShouldFail(Func<object> load, string path, string problem) =>
        load.Should().Throw<TokenizerFormatException>()
            .Where(e => e.FilePath == path && e.Message.Contains(path) && e.Message.Contains(problem, StringComparison.OrdinalIgnoreCase));

    public static TheoryData<int> TruncationPoints() => [0, 2, 4, 4 + 6, 4 + 8 + 3, 200_001];

    [Theory]
    [MemberData(nameof(TruncationPoints))]
    public void TruncatedTokenizerBin_IsRejected(int keep)
    {
        var original = File.ReadAllBytes(TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin")));
        var path = WriteFile("tokenizer.bin", original[..Math.Min(keep, original.Length - 1)]);
        FluentActions.Invoking(() => TokenizerLoader.Load(path)).Should().Throw<TokenizerFormatException>().Where(e => e.FilePath == path);
    }

    [Fact]
    public void CorruptTokenizerBin_IsRejected()
    {
        var bytes = File.ReadAllBytes(TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin")));
        bytes[4 + 4] = 0x7F; // first token's length becomes huge
        var path = WriteFile("tokenizer.bin", bytes);
        ShouldFail(() => SentencePieceBinReader.Read(path), path, "length");
    }

    [Fact]
    public void MissingFiles_AreRejected()
    {
        var missing = Path.Combine(_folder, "tokenizer.bin");
        ShouldFail(() => TokenizerLoader.Load(missing), missing, "does not exist");
        ShouldFail(() => SentencePieceBinReader.Read(missing), missing, "cannot be read");
        ShouldFail(() => TokenizerLoader.Load(_folder), _folder, "holds no tokenizer");
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[]", "model")]
    [InlineData("""{"model":{"type":"Unigram","vocab":[]}}""", "Unigram")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":["a b"]}}""", "merge #0")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":["a"]}}""", "two tokens")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":"zero"},"merges":[]}}""", "unexpected content")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"pre_tokenizer":{"type":"BertPreTokenizer"}}""", "BertPreTokenizer")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"pre_tokenizer":{"type":"ByteLevel"},"decoder":{"type":"CTC"}}""", "CTC")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0,"b":1000000000},"merges":[]}}""", "has id 1000000000")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"added_tokens":[{"id":2147483647,"content":"x"}]}""", "outside [0, 2)")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"added_tokens":[{"id":-1,"content":"x"}]}""", "has id -1")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[]},"added_tokens":[{"id":1,"content":"x"},{"id":1,"content":"y"}]}""", "appears twice")]
    [InlineData("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[["a",null]]}}""", "unexpected content")]
    public void MalformedTokenizerJson_IsRejected(string json, string problem)
    {
        var path = WriteFile("tokenizer.json", json);
        ShouldFail(() => TokenizerLoader.Load(_folder), path, problem);
    }

    [Fact]
    public void HugeVocabularyId_IsRejectedQuickly()
    {
        // Once an id of 10^9 sized an id table of 8 GB; now ids are bounded by the entries the file has.
        var path = WriteFile("tokenizer.json", """{"model":{"type":"BPE","vocab":{"a":0,"b":1000000000},"merges":[]}}""");
        var before = GC.GetAllocatedBytesForCurrentThread();
        ShouldFail(() => TokenizerLoader.Load(path), path, "beyond");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16L << 20);
    }

    [Fact]
    public void MalformedGpt2Files_AreRejected()
    {
        var encoder = WriteFile("encoder.json", """{"a": 0, "b": 1}""");
        var merges = WriteFile("vocab.bpe", "#version: 0.2\na b c\n");
        ShouldFail(() => TokenizerLoader.Load(encoder), merges, "line 2");
        WriteFile("vocab.bpe", "#version: 0.2\na b\n");
        ShouldFail(() => TokenizerLoader.Load(_folder), merges, "merge #0");
    }
}
