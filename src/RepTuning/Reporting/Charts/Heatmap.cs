using System.Globalization;
using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Matrix heatmap with row and column labels and a colour bar (e.g. layer x position cosines, cross-layer cosine
/// matrices). Row 0 is at the top; NaN cells are grey. Dense labels are thinned and long column labels turned.
/// </summary>
/// <param name="data">What to draw.</param>
internal sealed class Heatmap(HeatmapData data) : Chart<HeatmapData>(data)
{
    private const float ColumnLabelAngle = 90;
    private const float MinValueFontSize = 7;

    private int Rows => Data.Values.GetLength(0);

    private int Columns => Data.Values.GetLength(1);

    /// <summary>The colour map the data's <see cref="HeatmapData.ColorScale"/> selects.</summary>
    internal ColorMap Map => Data.ColorScale == HeatmapColorScale.Diverging ? ColorMap.Diverging : ColorMap.Sequential;

    private protected override void Draw(Plot plot)
    {
        if (Data.RowLabels.Count != Rows || Data.ColumnLabels.Count != Columns)
            throw new ArgumentException($"Heatmap has {Rows}x{Columns} values but {Data.RowLabels.Count} row and {Data.ColumnLabels.Count} column labels.");

        ChartStyle.AxisTitles(plot, Data.ColumnAxisTitle, Data.RowAxisTitle);
        plot.HideGrid();
        plot.Axes.SetLimits(0, Math.Max(1, Columns), 0, Math.Max(1, Rows));
        if (Data.Values.Cast<double>().Any(double.IsFinite))
            AddCells(plot);
        else
            // ScottPlot's heatmap needs one finite value to find its range; with none, every cell is missing.
            plot.Add.Rectangle(0, Math.Max(1, Columns), 0, Math.Max(1, Rows)).FillColor = ColorMap.Missing;

        var area = MeasureDataArea(plot);
        double cellWidth = area.Width / Math.Max(1, Columns), cellHeight = area.Height / Math.Max(1, Rows);
        CategoryTicks.Left(plot, [.. Enumerable.Range(0, Rows).Select(r => Rows - r - 0.5)], Data.RowLabels, cellHeight);
        CategoryTicks.Bottom(plot, [.. Enumerable.Range(0, Columns).Select(c => c + 0.5)], Data.ColumnLabels, cellWidth, ColumnLabelAngle);
        if (Data.ShowValues) AddValues(plot, cellWidth, cellHeight);
    }

    private void AddCells(Plot plot)
    {
        var (min, max) = ColorRange();
        var cells = plot.Add.Heatmap(Data.Values);
        cells.Colormap = Map;
        cells.ManualRange = new ScottPlot.Range(min, max);
        cells.NaNCellColor = ColorMap.Missing;
        cells.Rectangle = new CoordinateRect(0, Math.Max(1, Columns), 0, Math.Max(1, Rows));
        // Distinct rectangles rather than one scaled bitmap: crisp in SVG viewers, which may smooth images.
        cells.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();

        var colorBar = plot.Add.ColorBar(cells, Edge.Right);
        colorBar.Label = Data.ColorBarTitle;
        colorBar.LabelStyle.FontSize = ChartStyle.AxisTitleSize;
        colorBar.LabelStyle.Bold = false;
        colorBar.Axis.TickLabelStyle.FontSize = ChartStyle.LabelSize;
        colorBar.Axis.MinorTickStyle.Length = 0;
    }

    /// <summary>The value range the colours span: the forced ends, else the data's (symmetric about 0 when diverging).</summary>
    internal (double Min, double Max) ColorRange()
    {
        var finite = Data.Values.Cast<double>().Where(double.IsFinite).ToList();
        double dataMin = finite.DefaultIfEmpty(0).Min(), dataMax = finite.DefaultIfEmpty(0).Max();
        if (Data.ColorScale == HeatmapColorScale.Diverging)
        {
            double extent = Math.Max(Math.Abs(dataMin), Math.Abs(dataMax));
            if (extent == 0) extent = 1;
            (dataMin, dataMax) = (-extent, extent);
        }
        double min = Data.Min ?? dataMin, max = Data.Max ?? dataMax;
        // A constant matrix still needs a non-empty range to place its colour.
        return max > min ? (min, max) : (min - 1, max + 1);
    }

    // Writes each value into its cell where the text fits, dark on light cells and white on dark ones.
    private void AddValues(Plot plot, double cellWidth, double cellHeight)
    {
        var (min, max) = ColorRange();
        float size = (float)Math.Min(ChartStyle.LabelSize, cellHeight * 0.6);
        if (size < MinValueFontSize) return;
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double v = Data.Values[r, c];
                bool missing = !double.IsFinite(v);
                string text = missing ? "n/a" : v.ToString(Data.ValueFormat, CultureInfo.InvariantCulture);
                if (ChartFont.MeasureWidth(text, size) > cellWidth - 2) continue;
                var label = plot.Add.Text(text, c + 0.5, Rows - r - 0.5);
                label.LabelFontSize = size;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = missing || Map.IsLight((v - min) / (max - min)) ? ChartStyle.Ink : Colors.White;
            }
        }
    }
}
