using RepTuning.IO;

namespace RepTuning.Tests.Reporting;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reptuning-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReplacesExistingContent()
    {
        string path = Path.Combine(_directory, "a.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllBytes(path, "second"u8);
        File.ReadAllText(path).Should().Be("second");
    }

    [Fact]
    public void FailedWriteKeepsOldContentAndRemovesTemporaryFile()
    {
        string path = Path.Combine(_directory, "a.txt");
        AtomicFile.WriteAllText(path, "old");

        FluentActions.Invoking(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new IOException("disk full");
        })).Should().Throw<IOException>();

        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(_directory).Should().ContainSingle();
    }
}
