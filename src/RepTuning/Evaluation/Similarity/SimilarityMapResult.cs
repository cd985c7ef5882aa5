using RepTuning.Reporting.Charts;

namespace RepTuning.Evaluation.Similarity;

/// <summary>Mean cos(h_{l,t}, v_l) per layer (row) and position (column) around the start of generation.</summary>
/// <param name="Layers">The layers (rows), ascending.</param>
/// <param name="Positions">Column labels: "p-N".."p-1" for the prompt tail, "g1".."gM" for generated tokens.</param>
/// <param name="Cosine">[layer row][position column] cosine averaged over prompts; NaN where no prompt had that position.</param>
/// <param name="Prompts">Number of prompts averaged.</param>
internal sealed record SimilarityMapResult(int[] Layers, string[] Positions, double[][] Cosine, int Prompts)
{
    /// <summary>The map as a heatmap (layers top to bottom, positions left to right, cosine scale -1..1).</summary>
    public HeatmapData ToHeatmap(string title = "cos(h, v) by layer and position") =>
        new(title, "Layer", "Position (prompt tail | generated)", Layers.Select(l => l.ToString()).ToList(), Positions,
            To2D(Cosine))
        { Min = -1, Max = 1, ColorBarTitle = "cosine" };

    private static double[,] To2D(double[][] rows)
    {
        var values = new double[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++) values[r, c] = rows[r][c];
        return values;
    }
}
