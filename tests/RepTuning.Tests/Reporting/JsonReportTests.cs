using RepTuning.Evaluation.Statistics;
using RepTuning.Reporting;

namespace RepTuning.Tests.Reporting;

public sealed class JsonReportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reptuning-json-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Sample(string Name, double Score, double Undefined, RateEstimate Rate);

    [Fact]
    public void RoundTripsCamelCaseWithNamedFloatingLiterals()
    {
        string path = Path.Combine(_directory, "nested", "report.json");
        var record = new Sample("base", double.PositiveInfinity, double.NaN, Proportion.WilsonInterval(8, 10));

        JsonReport.Write(path, record);

        string text = File.ReadAllText(path);
        text.Should().Contain("\"name\": \"base\"").And.Contain("\"score\": \"Infinity\"").And.Contain("\"undefined\": \"NaN\"")
            .And.Contain("\"successes\": 8").And.Contain("\n");
        var read = JsonReport.Read<Sample>(path);
        read.Name.Should().Be("base");
        read.Score.Should().Be(double.PositiveInfinity);
        read.Undefined.Should().Be(double.NaN);
        read.Rate.Should().Be(record.Rate);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void ReadRejectsNullAndMalformedJson()
    {
        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, "null");
        FluentActions.Invoking(() => JsonReport.Read<Sample>(path)).Should().Throw<InvalidDataException>();
        File.WriteAllText(path, "{ \"name\": ");
        FluentActions.Invoking(() => JsonReport.Read<Sample>(path)).Should().Throw<InvalidDataException>();
    }
}
