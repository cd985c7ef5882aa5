using RepTuning.IO;

namespace RepTuning.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reptuning-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_ReplaceTheTargetAndLeaveNoTemporaryFiles()
    {
        var path = Path.Combine(_folder, "a.txt");
        AtomicFile.WriteAllText(path, "first ▁");
        AtomicFile.WriteAllText(path, "second ▁");
        File.ReadAllText(path).Should().Be("second ▁");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void FailedWrite_KeepsTheOldContent()
    {
        var path = Path.Combine(_folder, "b.txt");
        AtomicFile.WriteAllText(path, "old");
        var act = () => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(42);
            throw new InvalidOperationException("writer failed");
        });
        act.Should().Throw<InvalidOperationException>();
        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(_folder).Should().ContainSingle();
    }
}
