using RepTuning.Reporting.Charts;
using ScottPlot;

namespace RepTuning.Tests.Reporting;

/// <summary>Looks inside the ScottPlot plot a chart builds: its plottables, legend entries and text.</summary>
internal sealed class ChartInspection : IDisposable
{
    private ChartInspection(Plot plot) => Plot = plot;

    public Plot Plot { get; }

    /// <summary>Builds the chart's plot and lays it out at the chart's size (which also generates the axes' ticks).</summary>
    public static ChartInspection Of<TData>(Chart<TData> chart) where TData : ChartData
    {
        var plot = chart.Build();
        plot.RenderInMemory(chart.Data.Width, chart.Data.Height);
        return new(plot);
    }

    public List<T> Plottables<T>() where T : IPlottable => [.. Plot.GetPlottables<T>()];

    /// <summary>The legend's entries in order (plottables without legend text have none).</summary>
    public List<string> LegendEntries() =>
        [.. Plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t))];

    /// <summary>The text of every text plottable (point labels, cell values).</summary>
    public List<string> Texts() => [.. Plottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText)];

    /// <summary>The labels of the major ticks an axis shows when its ticks are fixed (category axes).</summary>
    public static List<string> FixedTickLabels(IAxis axis) =>
        [.. ((ScottPlot.TickGenerators.NumericManual)axis.TickGenerator).Ticks.Where(t => t.IsMajor).Select(t => t.Label)];

    public void Dispose() => Plot.Dispose();
}
