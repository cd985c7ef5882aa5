using RepTuning.Reporting.Charts;
using Color = ScottPlot.Color;
using Drawn = ScottPlot.Plottables;

namespace RepTuning.Tests.Reporting;

/// <summary>What each chart kind puts on its plot: one plottable per drawn thing, NaN gaps, legends, labels and colours.</summary>
public class ChartTests
{
    [Fact]
    public void LineChartBreaksLinesAndBandsAtNaNAndListsEachSeriesOnce()
    {
        using var chart = ChartInspection.Of(new LineChart(ChartSamples.Line()));

        // "tuned" has a NaN point in the middle: its line and band come in two pieces each; "no band" has no bounds.
        var lines = chart.Plottables<Drawn.Scatter>();
        lines.Should().HaveCount(4);
        lines.Sum(l => l.Data.GetScatterPoints().Count).Should().Be(26, "the NaN point is not drawn");
        chart.Plottables<Drawn.FillY>().Should().HaveCount(3);
        chart.LegendEntries().Should().Equal("base", "tuned <v/o>", "no band");
        var limits = chart.Plot.Axes.GetLimits();
        limits.Bottom.Should().BeInRange(-0.05, 0);
        limits.Top.Should().BeInRange(1, 1.05);
    }

    [Fact]
    public void LineChartWithLogAxesDrawsLog10OfTheValuesAndRejectsNonPositiveOnes()
    {
        var data = new LineChartData("cost", "parameters", "seconds", [new LineSeries("step", [new(1e7, 0.1), new(1e8, 1), new(1e9, 20)])]) { LogAxes = true };
        using var chart = ChartInspection.Of(new LineChart(data));

        var points = chart.Plottables<Drawn.Scatter>().Single().Data.GetScatterPoints();
        points.Select(p => p.X).Should().Equal([7, 8, 9], (a, b) => Math.Abs(a - b) < 1e-12);
        points.Select(p => p.Y).Should().Equal([-1, 0, Math.Log10(20)], (a, b) => Math.Abs(a - b) < 1e-12);
        LogAxes.Label(-2).Should().Be("0.01");
        LogAxes.Label(3).Should().Be("1000");
        LogAxes.Label(9).Should().Be("1e9");
        var zero = data with { Series = [new LineSeries("step", [new(1e7, 0)])] };
        FluentActions.Invoking(() => new LineChart(zero).ToPng()).Should().Throw<ArgumentException>().WithMessage("*positive*");
    }

    [Fact]
    public void HeatmapDrawsEveryCellGreysNaNAndThinsDenseRowLabels()
    {
        using var chart = ChartInspection.Of(new Heatmap(ChartSamples.Heatmap() with { Height = 320 }));

        var cells = chart.Plottables<Drawn.Heatmap>().Should().ContainSingle().Subject;
        cells.Intensities.GetLength(0).Should().Be(32);
        cells.Intensities.GetLength(1).Should().Be(12);
        double.IsNaN(cells.Intensities[3, 5]).Should().BeTrue();
        cells.NaNCellColor.Should().Be(ColorMap.Missing);
        cells.ManualRange!.Value.Min.Should().Be(-cells.ManualRange.Value.Max, "a diverging map is symmetric about 0");
        chart.Plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Should().ContainSingle().Which.Label.Should().Be("cosine");
        // 32 rows do not fit 32 labels in 320 px, so labels are thinned rather than overprinted; row 0 is on top.
        var rows = ChartInspection.FixedTickLabels(chart.Plot.Axes.Left);
        rows.Should().HaveCountLessThan(32).And.Contain("0");
        ChartInspection.FixedTickLabels(chart.Plot.Axes.Bottom).Should().HaveCount(12);
    }

    [Fact]
    public void DivergingHeatmapIsWhiteAtZero()
    {
        var chart = new Heatmap(new HeatmapData("t", "r", "c", ["a"], ["x", "y", "z"], new double[,] { { -1, 0, 1 } }));
        chart.ColorRange().Should().Be((-1, 1));
        chart.Map.GetColor(0.5).Should().Be(Color.FromHex("#f7f7f7"));
        chart.Map.GetColor(0).Should().Be(Color.FromHex("#2166ac"));
        chart.Map.GetColor(1).Should().Be(Color.FromHex("#b2182b"));
    }

    [Fact]
    public void HeatmapWritesCellValuesWhenAsked()
    {
        using var chart = ChartInspection.Of(new Heatmap(ChartSamples.SmallHeatmapWithValues()));
        chart.Texts().Should().HaveCount(9).And.Contain(["1.00", "0.62", "-0.10"]);
    }

    [Fact]
    public void HeatmapRejectsMismatchedLabels() =>
        FluentActions.Invoking(() => new Heatmap(new HeatmapData("t", "r", "c", ["a"], ["x"], new double[2, 1])).ToPng())
            .Should().Throw<ArgumentException>();

    [Fact]
    public void ScatterChartDrawsLabelledPointsAndConnectors()
    {
        using var chart = ChartInspection.Of(new ScatterChart(ChartSamples.Scatter()));
        chart.Plottables<Drawn.Markers>().Sum(m => m.Data.GetScatterPoints().Count).Should().Be(31, "the NaN point is skipped");
        chart.Texts().Should().HaveCount(31).And.Contain("0");
        // The NaN point breaks the honesty connector in two.
        chart.Plottables<Drawn.Scatter>().Should().HaveCount(3);
        chart.LegendEntries().Should().Equal("refusal", "honesty");
    }

    [Fact]
    public void GroupedBarChartDrawsBarsErrorBarsAndReferenceLine()
    {
        using var chart = ChartInspection.Of(new GroupedBarChart(ChartSamples.Bars()));
        var bars = chart.Plottables<Drawn.BarPlot>().SelectMany(b => b.Bars).ToList();
        bars.Should().HaveCount(8, "one of the nine values is NaN");
        bars.Select(b => b.Position).Should().OnlyHaveUniqueItems();
        chart.Plottables<Drawn.ErrorBar>().Sum(e => e.Xs.Count).Should().Be(7);
        var errors = chart.Plottables<Drawn.ErrorBar>()[0];
        (errors.Ys[0] - errors.YErrorNegative![0]).Should().BeApproximately(0.35, 1e-12, "error bars run from the lower to the upper bound");
        (errors.Ys[0] + errors.YErrorPositive![0]).Should().BeApproximately(0.5, 1e-12);
        chart.Plottables<Drawn.HorizontalLine>().Should().ContainSingle().Which.Y.Should().Be(0.5);
        chart.LegendEntries().Should().Equal("base", "steered", "tuned", "chance");
        ChartInspection.FixedTickLabels(chart.Plot.Axes.Bottom).Should().Equal("Llama-3.2-1B-Instruct", "Qwen2.5-0.5B", "gemma-2-2b-it");
    }

    [Fact]
    public void GroupedBarChartRejectsMissingValues() =>
        FluentActions.Invoking(() => new GroupedBarChart(new GroupedBarChartData("t", "x", "y", ["a", "b"], [new BarSeries("s", [new(1)])])).ToPng())
            .Should().Throw<ArgumentException>().WithMessage("*'s'*");

    [Fact]
    public void ChartsWithoutFiniteDataStillRender()
    {
        var line = new LineChartData("empty", "x", "y", [new LineSeries("s", [new LinePoint(double.NaN, double.NaN)])]);
        new LineChart(line).ToPng().Should().NotBeEmpty();
        var all = new double[2, 2] { { double.NaN, double.NaN }, { double.NaN, double.NaN } };
        new Heatmap(new HeatmapData("nan", "r", "c", ["a", "b"], ["x", "y"], all)).ToPng().Should().NotBeEmpty();
        var constant = new HeatmapData("constant", "r", "c", ["a"], ["x", "y"], new double[,] { { 0.5, 0.5 } }) { ColorScale = HeatmapColorScale.Sequential };
        new Heatmap(constant).ToPng().Should().NotBeEmpty();
    }

    [Fact]
    public void LongSeriesNamesKeepTheirEndInTheLegend()
    {
        var data = new LineChartData("t", "x", "y", [new LineSeries("/home/someone/models/stories15M/model.bin", [new LinePoint(0, 1)])]);
        using var chart = ChartInspection.Of(new LineChart(data));
        chart.LegendEntries().Should().ContainSingle().Which.Should().HaveLength(ChartStyle.MaxLegendName).And.StartWith("…").And.EndWith("stories15M/model.bin");
    }

    [Fact]
    public void RejectsNonPositiveSizes() =>
        FluentActions.Invoking(() => new LineChart(ChartSamples.Line() with { Width = 0 })).Should().Throw<ArgumentException>();
}
