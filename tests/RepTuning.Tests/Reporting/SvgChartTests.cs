using System.Globalization;
using System.Xml.Linq;
using RepTuning.Reporting.Svg;

namespace RepTuning.Tests.Reporting;

public class SvgChartTests
{
    private static XElement Parse(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        root.Name.LocalName.Should().Be("svg");
        root.Attribute("viewBox").Should().NotBeNull();
        root.Attribute("width").Should().NotBeNull();
        root.Attribute("font-family")!.Value.Should().Be("sans-serif");
        return root;
    }

    private static List<XElement> WithClass(XElement root, string name, string cssClass) =>
        root.Descendants().Where(e => e.Name.LocalName == name && (e.Attribute("class")?.Value.Split(' ').Contains(cssClass) ?? false)).ToList();

    private static void TickLabelsAreNiceNumbers(XElement root)
    {
        var ticks = WithClass(root, "text", "tick-label").Select(t => t.Attribute("data-value")?.Value).OfType<string>()
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        ticks.Should().HaveCountGreaterThan(2);
        foreach (double tick in ticks)
        {
            if (tick == 0) continue;
            double mantissa = Math.Abs(tick) / Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(tick))));
            // A nice tick is a multiple of 1, 2 or 5 times a power of ten: few significant digits.
            Math.Round(mantissa * 10).Should().BeApproximately(mantissa * 10, 1e-6, $"tick {tick} should be a nice number");
        }
    }

    [Fact]
    public void LineChartHasOnePathPerSeriesBandsMarkersAndLegend()
    {
        var data = ChartSamples.Line();
        var root = Parse(new LineChart(data).ToSvg());

        WithClass(root, "path", "series").Select(p => p.Attribute("data-series")!.Value).Should().Equal("base", "tuned <v/o>", "no band");
        // The NaN point of "tuned" splits its band in two and is not drawn as a marker.
        WithClass(root, "polygon", "band").Should().HaveCount(3);
        WithClass(root, "circle", "marker").Should().HaveCount(26);
        WithClass(root, "path", "series")[1].Attribute("d")!.Value.Count(c => c == 'M').Should().Be(2);
        WithClass(root, "g", "legend-entry").Should().HaveCount(3);
        root.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value).Should().Contain("Refusal rate by steering strength");
        TickLabelsAreNiceNumbers(root);
    }

    [Fact]
    public void HeatmapHasOneCellPerValueAndGreysNaN()
    {
        var data = ChartSamples.Heatmap() with { Height = 320 };
        var root = Parse(new Heatmap(data).ToSvg());

        var cells = WithClass(root, "rect", "cell");
        cells.Should().HaveCount(32 * 12);
        var missing = WithClass(root, "rect", "missing").Should().ContainSingle().Subject;
        missing.Attribute("data-row")!.Value.Should().Be("3");
        missing.Attribute("data-col")!.Value.Should().Be("5");
        missing.Attribute("fill")!.Value.Should().Be("#bdbdbd");
        WithClass(root, "text", "color-bar-label").Should().HaveCountGreaterThan(2);
        // 32 rows do not fit 32 labels in 320 px, so labels are thinned rather than overprinted.
        WithClass(root, "text", "row-label").Should().HaveCountLessThan(32);
    }

    [Fact]
    public void DivergingHeatmapIsWhiteAtZero()
    {
        double[,] values = { { -1, 0, 1 } };
        var root = Parse(new Heatmap(new HeatmapData("t", "r", "c", ["a"], ["x", "y", "z"], values)).ToSvg());
        var fills = WithClass(root, "rect", "cell").Select(c => c.Attribute("fill")!.Value).ToList();
        fills[1].Should().Be("#f7f7f7");
        fills[0].Should().Be("#2166ac");
        fills[2].Should().Be("#b2182b");
    }

    [Fact]
    public void HeatmapWritesCellValuesWhenAsked()
    {
        var root = Parse(new Heatmap(ChartSamples.SmallHeatmapWithValues()).ToSvg());
        WithClass(root, "text", "cell-value").Select(t => t.Value).Should().Contain(["1.00", "0.62", "-0.10"]);
    }

    [Fact]
    public void HeatmapRejectsMismatchedLabels() =>
        FluentActions.Invoking(() => new Heatmap(new HeatmapData("t", "r", "c", ["a"], ["x"], new double[2, 1])).ToSvg())
            .Should().Throw<ArgumentException>();

    [Fact]
    public void ScatterChartDrawsLabelledPointsAndConnectors()
    {
        var root = Parse(new ScatterChart(ChartSamples.Scatter()).ToSvg());
        WithClass(root, "circle", "point").Should().HaveCount(31, "the NaN point is skipped");
        WithClass(root, "text", "point-label").Should().HaveCount(31);
        WithClass(root, "path", "connector").Should().HaveCount(2);
        WithClass(root, "circle", "point").First().Attribute("data-label")!.Value.Should().Be("0");
        TickLabelsAreNiceNumbers(root);
    }

    [Fact]
    public void GroupedBarChartDrawsBarsErrorBarsAndReferenceLine()
    {
        var root = Parse(new GroupedBarChart(ChartSamples.Bars()).ToSvg());
        var bars = WithClass(root, "rect", "bar");
        bars.Should().HaveCount(8, "one of the nine values is NaN");
        bars.Should().ContainSingle(b => b.Attribute("data-group")!.Value == "Qwen2.5-0.5B" && b.Attribute("data-series")!.Value == "tuned");
        WithClass(root, "path", "error-bar").Should().HaveCount(7);
        WithClass(root, "line", "reference-line").Should().ContainSingle().Which.Attribute("data-value")!.Value.Should().Be("0.5");
        WithClass(root, "g", "legend-entry").Select(e => e.Attribute("data-series")!.Value).Should().Equal("base", "steered", "tuned", "chance");
        TickLabelsAreNiceNumbers(root);
    }

    [Fact]
    public void GroupedBarChartRejectsMissingValues() =>
        FluentActions.Invoking(() => new GroupedBarChart(new GroupedBarChartData("t", "x", "y", ["a", "b"], [new BarSeries("s", [new(1)])])).ToSvg())
            .Should().Throw<ArgumentException>().WithMessage("*'s'*");

    [Fact]
    public void ChartsWithoutFiniteDataStillRender()
    {
        var line = new LineChartData("empty", "x", "y", [new LineSeries("s", [new LinePoint(double.NaN, double.NaN)])]);
        Parse(new LineChart(line).ToSvg());
        var all = new double[2, 2] { { double.NaN, double.NaN }, { double.NaN, double.NaN } };
        Parse(new Heatmap(new HeatmapData("nan", "r", "c", ["a", "b"], ["x", "y"], all)).ToSvg());
    }

    [Fact]
    public void TextIsEscaped()
    {
        var svg = new LineChart(ChartSamples.Line() with { Title = "a < b & c" }).ToSvg();
        svg.Should().Contain("a &lt; b &amp; c");
        Parse(svg);
    }

    [Fact]
    public void SaveWritesSamplesAtomically()
    {
        // Also leaves the samples in a known place for looking at them in a browser.
        string directory = Path.Combine(Path.GetTempPath(), "reptuning-chart-samples");
        new LineChart(ChartSamples.Line()).Save(Path.Combine(directory, "line.svg"));
        new Heatmap(ChartSamples.Heatmap()).Save(Path.Combine(directory, "heatmap.svg"));
        new Heatmap(ChartSamples.SmallHeatmapWithValues()).Save(Path.Combine(directory, "heatmap-values.svg"));
        new ScatterChart(ChartSamples.Scatter()).Save(Path.Combine(directory, "scatter.svg"));
        new GroupedBarChart(ChartSamples.Bars()).Save(Path.Combine(directory, "bars.svg"));

        Directory.GetFiles(directory, "*.svg").Should().HaveCountGreaterThanOrEqualTo(5);
        Directory.GetFiles(directory, "*.tmp").Should().BeEmpty();
        Parse(File.ReadAllText(Path.Combine(directory, "heatmap.svg")));
    }
}
