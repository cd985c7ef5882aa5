using MathNet.Numerics.LinearAlgebra;

namespace RepTuning.Evaluation.Atlas;

/// <summary>Top principal components of a few points in high dimension, via the (n x n) Gram matrix.</summary>
internal static class PrincipalComponents
{
    /// <summary>
    /// Coordinates of each centred row on the top <paramref name="k"/> components and their variance fractions.
    /// A symmetric eigen decomposition (MathNet) of the Gram matrix, which is small because n is at most a few
    /// hundred layers while rows have thousands of entries. Components past the rank get zero coordinates and
    /// fractions; each component's sign makes its largest-magnitude coordinate positive so results are deterministic.
    /// </summary>
    public static (double[][] Coordinates, double[] Explained) Project(double[][] rows, int k)
    {
        var x = Matrix<double>.Build.DenseOfRowArrays(rows);
        int n = x.RowCount;
        var mean = x.ColumnSums() / n;
        var centred = x.MapIndexed((_, j, v) => v - mean[j]);
        var gram = centred.TransposeAndMultiply(centred);
        double total = gram.Trace();
        var eigen = gram.Evd(Symmetricity.Symmetric);
        var largestFirst = Enumerable.Range(0, n).OrderByDescending(i => eigen.EigenValues[i].Real).ToArray();

        var coordinates = Enumerable.Range(0, n).Select(_ => new double[k]).ToArray();
        var explained = new double[k];
        for (var c = 0; c < Math.Min(k, n); c++)
        {
            double value = eigen.EigenValues[largestFirst[c]].Real;
            // Rounding leaves the null space with tiny (even negative) eigenvalues; they span no variance.
            if (value <= 1e-12 * Math.Max(total, 1e-300)) break;
            var vector = eigen.EigenVectors.Column(largestFirst[c]);
            var sign = vector[vector.AbsoluteMaximumIndex()] < 0 ? -1 : 1;
            for (var a = 0; a < n; a++) coordinates[a][c] = sign * vector[a] * Math.Sqrt(value);
            explained[c] = value / total;
        }
        return (coordinates, explained);
    }
}
