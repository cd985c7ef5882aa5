using RepTuning.Reporting.Charts;

namespace RepTuning.Tests.Reporting;

/// <summary>Representative chart inputs shared by the structure, file and font tests.</summary>
internal static class ChartSamples
{
    public static LineChartData Line() => new("Refusal rate by steering strength", "Steering coefficient α", "Refusal rate",
    [
        new LineSeries("base", [.. Enumerable.Range(0, 9).Select(i => Point(i * 0.5, 0.1 + 0.08 * i, 0.05))]),
        new LineSeries("tuned <v/o>", [.. Enumerable.Range(0, 9).Select(i => i == 4 ? new LinePoint(2, double.NaN) : Point(i * 0.5, 0.05 + 0.1 * i, 0.07))]),
        new LineSeries("no band", [.. Enumerable.Range(0, 9).Select(i => new LinePoint(i * 0.5, 0.5 - 0.02 * i))]),
    ])
    { YMin = 0, YMax = 1 };

    public static HeatmapData Heatmap()
    {
        const int layers = 32, positions = 12;
        var values = new double[layers, positions];
        for (int r = 0; r < layers; r++)
            for (int c = 0; c < positions; c++)
                values[r, c] = Math.Sin(r / 5.0) * Math.Cos(c / 4.0) * 0.8;
        values[3, 5] = double.NaN;
        return new HeatmapData("Cosine with refusal direction", "Layer", "Token position",
            [.. Enumerable.Range(0, layers).Select(r => r.ToString())], [.. Enumerable.Range(0, positions).Select(c => $"pos -{positions - c}")], values)
        { ColorBarTitle = "cosine" };
    }

    public static HeatmapData SmallHeatmapWithValues()
    {
        double[,] values = { { 1, 0.62, -0.1 }, { 0.62, 1, 0.3 }, { -0.1, 0.3, 1 } };
        string[] labels = ["L10", "L14", "L18"];
        return new HeatmapData("Cross-layer cosine", "Layer", "Layer", labels, labels, values) { ShowValues = true, ColorBarTitle = "cosine", Width = 520, Height = 420 };
    }

    public static ScatterChartData Scatter() => new("PCA of per-layer directions", "PC1", "PC2",
    [
        new ScatterSeries("refusal", [.. Enumerable.Range(0, 16).Select(l => new ScatterPoint(Math.Cos(l / 3.0) * l, Math.Sin(l / 3.0) * l * 0.5, l.ToString()))], ConnectInOrder: true),
        new ScatterSeries("honesty", [.. Enumerable.Range(0, 16).Select(l => new ScatterPoint(l * 0.8 - 6, l == 7 ? double.NaN : -4 + 0.3 * l, l.ToString()))], ConnectInOrder: true),
    ]);

    public static GroupedBarChartData Bars() => new("Refusal rate per model", "Model", "Refusal rate",
        ["Llama-3.2-1B-Instruct", "Qwen2.5-0.5B", "gemma-2-2b-it"],
    [
        new BarSeries("base", [new(0.42, 0.35, 0.5), new(0.3, 0.22, 0.38), new(0.55, 0.47, 0.62)]),
        new BarSeries("steered", [new(0.81, 0.74, 0.87), new(double.NaN), new(0.9, 0.84, 0.94)]),
        new BarSeries("tuned", [new(0.77, 0.7, 0.83), new(0.69, 0.61, 0.76), new(0.88)]),
    ])
    { ReferenceLine = 0.5, ReferenceLineLabel = "chance" };

    private static LinePoint Point(double x, double y, double halfWidth) => new(x, y, y - halfWidth, y + halfWidth);
}
