using System.Globalization;
using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>
/// Matrix heatmap with row and column labels and a colour bar (e.g. layer x position cosines, cross-layer cosine
/// matrices). Cells are <c>rect.cell</c> with <c>data-row</c>, <c>data-col</c> and <c>data-value</c>; NaN cells get the
/// extra class <c>missing</c> and a grey fill.
/// </summary>
/// <param name="data">What to draw.</param>
public sealed class Heatmap(HeatmapData data) : SvgChart<HeatmapData>(data)
{
    private const double Gap = 6;
    private const double ColorBarWidth = 16;
    private const double ColorBarTitleSpace = 18;
    private const string GradientId = "heatmap-color-bar";

    private int Rows => Data.Values.GetLength(0);

    private int Columns => Data.Values.GetLength(1);

    private protected override void Render(SvgCanvas canvas)
    {
        if (Data.RowLabels.Count != Rows || Data.ColumnLabels.Count != Columns)
            throw new ArgumentException($"Heatmap has {Rows}x{Columns} values but {Data.RowLabels.Count} row and {Data.ColumnLabels.Count} column labels.");

        var map = Data.ColorScale == HeatmapColorScale.Diverging ? ColorMap.Diverging : ColorMap.Sequential;
        var (min, max) = ColorRange();
        var colorTicks = AxisTicks.Within(min, max);
        double colorLabelWidth = colorTicks.Values.Append(min).Append(max).Max(v => SvgCanvas.TextWidth(colorTicks.Label(v), SvgCanvas.LabelFontSize));

        double rowLabelWidth = Data.RowLabels.DefaultIfEmpty("").Max(l => SvgCanvas.TextWidth(l, SvgCanvas.LabelFontSize));
        double columnLabelWidth = Data.ColumnLabels.DefaultIfEmpty("").Max(l => SvgCanvas.TextWidth(l, SvgCanvas.LabelFontSize));
        double left = Gap + SvgCanvas.AxisTitleFontSize + Gap * 2 + rowLabelWidth + Gap;
        double right = Gap * 3 + ColorBarWidth + Gap + colorLabelWidth + ColorBarTitleSpace + Gap;
        double provisionalCellWidth = (canvas.Width - left - right) / Math.Max(1, Columns);
        bool verticalColumnLabels = columnLabelWidth > provisionalCellWidth - 2;
        double columnLabelHeight = verticalColumnLabels ? columnLabelWidth : SvgCanvas.LabelFontSize;
        double bottom = Gap + columnLabelHeight + Gap * 2 + SvgCanvas.AxisTitleFontSize + Gap;
        var area = PlotArea.Inside(canvas, left, CartesianAxes.TopMargin, right, bottom);
        double cellWidth = area.Width / Math.Max(1, Columns), cellHeight = area.Height / Math.Max(1, Rows);

        var value = new LinearScale(min, max, 0, 1);
        AddCells(canvas, area, cellWidth, cellHeight, map, value);
        AddLabels(canvas, area, cellWidth, cellHeight, verticalColumnLabels, columnLabelHeight);
        AddColorBar(canvas, area, map, colorTicks, colorLabelWidth);
    }

    private (double Min, double Max) ColorRange()
    {
        var finite = Data.Values.Cast<double>().Where(double.IsFinite).ToList();
        double dataMin = finite.DefaultIfEmpty(0).Min(), dataMax = finite.DefaultIfEmpty(0).Max();
        if (Data.ColorScale == HeatmapColorScale.Diverging)
        {
            double extent = Math.Max(Math.Abs(dataMin), Math.Abs(dataMax));
            if (extent == 0) extent = 1;
            dataMin = -extent;
            dataMax = extent;
        }
        double min = Data.Min ?? dataMin, max = Data.Max ?? dataMax;
        if (!(max > min))
        {
            // A constant matrix still needs a non-empty range to place its colour.
            min -= 1;
            max += 1;
        }
        return (min, max);
    }

    private void AddCells(SvgCanvas canvas, PlotArea area, double cellWidth, double cellHeight, ColorMap map, LinearScale value)
    {
        var cells = SvgCanvas.Element("g", new XAttribute("class", "cells"));
        var valueFontSize = Math.Min(SvgCanvas.LabelFontSize, cellHeight * 0.6);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double v = Data.Values[r, c];
                double x = area.Left + c * cellWidth, y = area.Top + r * cellHeight;
                bool missing = !double.IsFinite(v);
                double t = missing ? 0 : value.Map(v);
                var cell = SvgCanvas.Rect(x, y, cellWidth, cellHeight, missing ? ColorMap.Missing : map.ColorAt(t), missing ? "cell missing" : "cell");
                cell.Add(new XAttribute("data-row", r), new XAttribute("data-col", c), new XAttribute("data-value", v),
                    new XAttribute("stroke", "white"), new XAttribute("stroke-width", cellWidth > 6 && cellHeight > 6 ? "0.5" : "0"),
                    SvgCanvas.Element("title", $"{Data.RowLabels[r]}, {Data.ColumnLabels[c]}: {v.ToString(Data.ValueFormat, CultureInfo.InvariantCulture)}"));
                cells.Add(cell);

                string text = missing ? "n/a" : v.ToString(Data.ValueFormat, CultureInfo.InvariantCulture);
                if (Data.ShowValues && SvgCanvas.TextWidth(text, valueFontSize) < cellWidth - 2 && valueFontSize >= 7)
                {
                    string ink = missing || map.IsLight(t) ? "#222" : "white";
                    cells.Add(SvgCanvas.Text(x + cellWidth / 2, y + cellHeight / 2, text, "cell-value", valueFontSize, baseline: "central", fill: ink));
                }
            }
        }
        canvas.Add(cells);
    }

    private void AddLabels(SvgCanvas canvas, PlotArea area, double cellWidth, double cellHeight, bool verticalColumnLabels, double columnLabelHeight)
    {
        var labels = SvgCanvas.Element("g", new XAttribute("class", "axis"));
        // Label every k-th row/column when cells are thinner than the text, so labels never overprint.
        int rowStep = (int)Math.Ceiling((SvgCanvas.LabelFontSize + 1) / cellHeight);
        for (int r = 0; r < Rows; r += rowStep)
            labels.Add(SvgCanvas.Text(area.Left - Gap, area.Top + (r + 0.5) * cellHeight, Data.RowLabels[r], "row-label", anchor: "end", baseline: "central"));

        int columnStep = verticalColumnLabels ? (int)Math.Ceiling((SvgCanvas.LabelFontSize + 1) / cellWidth) : 1;
        for (int c = 0; c < Columns; c += columnStep)
        {
            double x = area.Left + (c + 0.5) * cellWidth, y = area.Bottom + Gap;
            labels.Add(verticalColumnLabels
                ? SvgCanvas.Text(x, y, Data.ColumnLabels[c], "column-label", anchor: "end", rotation: -90, baseline: "central")
                : SvgCanvas.Text(x, y, Data.ColumnLabels[c], "column-label", baseline: "hanging"));
        }

        labels.Add(SvgCanvas.Text(Gap + SvgCanvas.AxisTitleFontSize / 2, area.Top + area.Height / 2, Data.RowAxisTitle, "axis-title",
            SvgCanvas.AxisTitleFontSize, rotation: -90, baseline: "central"));
        labels.Add(SvgCanvas.Text(area.Left + area.Width / 2, area.Bottom + Gap + columnLabelHeight + Gap * 2 + SvgCanvas.AxisTitleFontSize / 2,
            Data.ColumnAxisTitle, "axis-title", SvgCanvas.AxisTitleFontSize, baseline: "central"));
        canvas.Add(labels);
    }

    private void AddColorBar(SvgCanvas canvas, PlotArea area, ColorMap map, AxisTicks ticks, double labelWidth)
    {
        double left = area.Right + Gap * 3, top = area.Top, height = area.Height;
        var scale = new LinearScale(ticks.Min, ticks.Max, top + height, top);
        var gradient = SvgCanvas.Element("linearGradient", new XAttribute("id", GradientId),
            new XAttribute("x1", "0"), new XAttribute("y1", "1"), new XAttribute("x2", "0"), new XAttribute("y2", "0"),
            map.Stops.Select(s => SvgCanvas.Element("stop", SvgCanvas.Attribute("offset", s.Offset), new XAttribute("stop-color", s.Color))));
        var bar = SvgCanvas.Element("g", new XAttribute("class", "color-bar"),
            SvgCanvas.Element("defs", gradient),
            SvgCanvas.Rect(left, top, ColorBarWidth, height, $"url(#{GradientId})", "color-bar-fill"));

        // Nice ticks inside the range, plus the exact ends unless a tick already sits close to them.
        var labelled = ticks.Values.ToList();
        foreach (double end in new[] { ticks.Min, ticks.Max })
        {
            if (labelled.All(v => Math.Abs(scale.Map(v) - scale.Map(end)) > SvgCanvas.LabelFontSize + 2))
                labelled.Add(end);
        }
        foreach (double v in labelled)
        {
            double y = scale.Map(v);
            bar.Add(SvgCanvas.Line(left + ColorBarWidth, y, left + ColorBarWidth + 4, y, "#444", "tick"));
            var label = SvgCanvas.Text(left + ColorBarWidth + Gap, y, ticks.Label(v), "color-bar-label", anchor: "start", baseline: "central");
            label.Add(new XAttribute("data-value", v));
            bar.Add(label);
        }
        var frame = SvgCanvas.Rect(left, top, ColorBarWidth, height, "none", "color-bar-frame");
        frame.Add(new XAttribute("stroke", "#444"));
        bar.Add(frame);
        double titleX = left + ColorBarWidth + Gap + labelWidth + Gap + SvgCanvas.AxisTitleFontSize / 2;
        bar.Add(SvgCanvas.Text(titleX, top + height / 2, Data.ColorBarTitle, "axis-title", SvgCanvas.AxisTitleFontSize, rotation: -90, baseline: "central"));
        canvas.Add(bar);
    }
}
