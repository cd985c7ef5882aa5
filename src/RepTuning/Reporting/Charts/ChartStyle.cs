using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>The look every chart shares: font sizes, colours, title, axis titles and a legend outside the data.</summary>
internal static class ChartStyle
{
    public const float TitleSize = 17;
    public const float AxisTitleSize = 14;
    public const float LabelSize = 12;
    public const int MaxLegendName = 32;

    /// <summary>Dark grey for text drawn on the data (point labels, cell values on light cells).</summary>
    public static Color Ink { get; } = Color.FromHex("#222222");

    /// <summary>Mid grey for reference lines such as a chance rate.</summary>
    public static Color Reference { get; } = Color.FromHex("#555555");

    // Tableau 10: distinguishable and reasonably colour-blind safe for the first few series.
    private static readonly Color[] Categorical = [.. new[]
    {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    }.Select(Color.FromHex)];

    /// <summary>The colour of the <paramref name="index"/>-th series.</summary>
    public static Color SeriesColor(int index) => Categorical[index % Categorical.Length];

    /// <summary>
    /// Draws each series in turn with <paramref name="add"/>, handing it the series' colour and index, and lists them in
    /// a legend right of the data once there are at least <paramref name="legendFrom"/> series.
    /// </summary>
    public static void DrawSeries<T>(Plot plot, IReadOnlyList<T> series, Action<T, Color, int> add, int legendFrom = 1)
    {
        for (int i = 0; i < series.Count; i++)
            add(series[i], SeriesColor(i), i);
        if (series.Count >= legendFrom) LegendOnTheRight(plot);
    }

    /// <summary>A white plot with a bold title and light grid lines.</summary>
    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#e6e6e6");
        plot.Axes.Title.Label.Text = title;
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
            axis.TickLabelStyle.FontSize = LabelSize;
        return plot;
    }

    /// <summary>
    /// A series name as the legend shows it: names longer than <see cref="MaxLegendName"/> characters keep their end
    /// (the informative part of a model path) behind an ellipsis, so the legend does not squeeze the data.
    /// </summary>
    public static string LegendName(string name) => name.Length <= MaxLegendName ? name : "…" + name[^(MaxLegendName - 1)..];

    /// <summary>Sets the titles of the bottom and left axes.</summary>
    public static void AxisTitles(Plot plot, string x, string y)
    {
        plot.Axes.Bottom.Label.Text = x;
        plot.Axes.Left.Label.Text = y;
        foreach (var label in new[] { plot.Axes.Bottom.Label, plot.Axes.Left.Label })
        {
            label.FontSize = AxisTitleSize;
            label.Bold = false;
        }
    }

    /// <summary>Lists the plottables' legend entries in a panel right of the data area, where they cover nothing.</summary>
    private static void LegendOnTheRight(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = LabelSize;
        plot.Legend.SymbolWidth = 24;
        plot.Legend.OutlineColor = Color.FromHex("#bbbbbb");
        plot.Legend.ShadowColor = Colors.Transparent;
    }
}
