using System.Xml.Linq;
using RepTuning.Reporting.Charts;
using SkiaSharp;

namespace RepTuning.Tests.Reporting;

/// <summary>The files a chart writes: a PNG of the chart's size and a well-formed SVG, side by side.</summary>
public class ChartFileTests
{
    [Fact]
    public void SaveWritesPngAndSvgOfEveryKind()
    {
        // Also leaves the samples in a known place for looking at them.
        string directory = Path.Combine(Path.GetTempPath(), "reptuning-chart-samples");
        var written = new[]
        {
            new LineChart(ChartSamples.Line()).Save(Path.Combine(directory, "line")),
            new Heatmap(ChartSamples.Heatmap()).Save(Path.Combine(directory, "heatmap.svg")),
            new Heatmap(ChartSamples.SmallHeatmapWithValues()).Save(Path.Combine(directory, "heatmap-values.png")),
            new ScatterChart(ChartSamples.Scatter()).Save(Path.Combine(directory, "scatter")),
            new GroupedBarChart(ChartSamples.Bars()).Save(Path.Combine(directory, "bars")),
        };

        written[1].Should().Be((Path.Combine(directory, "heatmap.png"), Path.Combine(directory, "heatmap.svg")));
        written[2].Png.Should().Be(Path.Combine(directory, "heatmap-values.png"));
        foreach (var (png, svg) in written)
        {
            using var image = SKBitmap.Decode(png);
            image.Should().NotBeNull($"{png} should be a PNG");
            var root = XDocument.Load(svg).Root!;
            root.Name.LocalName.Should().Be("svg");
            (image.Width, image.Height).Should().Be((int.Parse(root.Attribute("width")!.Value), int.Parse(root.Attribute("height")!.Value)));
        }
        using (var small = SKBitmap.Decode(written[2].Png))
            (small.Width, small.Height).Should().Be((520, 420));
        Directory.GetFiles(directory, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void SvgTextIsEscapedAndNamesFallbackFonts()
    {
        var svg = new LineChart(ChartSamples.Line() with { Title = "a < b & c" }).ToSvg();
        var root = XDocument.Parse(svg).Root!;
        root.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value.Trim()).Should().Contain("a < b & c");
        root.Descendants().Select(e => (string?)e.Attribute("font-family")).OfType<string>()
            .Should().NotBeEmpty().And.OnlyContain(f => f.StartsWith("DejaVu Sans,") && f.EndsWith("sans-serif"));
    }
}
