namespace RepTuning.Evaluation.Atlas;

/// <summary>Top principal components of a few points in high dimension, via the (n x n) Gram matrix.</summary>
internal static class PrincipalComponents
{
    /// <summary>
    /// Coordinates of each centred row on the top <paramref name="k"/> components and their variance fractions.
    /// Power iteration with deflation on the Gram matrix (n is at most a few hundred layers); each component's
    /// sign makes its largest-magnitude coordinate positive so results are deterministic.
    /// </summary>
    public static (double[][] Coordinates, double[] Explained) Project(double[][] rows, int k)
    {
        int n = rows.Length, d = rows[0].Length;
        var mean = new double[d];
        foreach (var r in rows) for (var j = 0; j < d; j++) mean[j] += r[j] / n;
        var gram = new double[n, n];
        for (var a = 0; a < n; a++)
            for (var b = a; b < n; b++)
            {
                double s = 0;
                for (var j = 0; j < d; j++) s += (rows[a][j] - mean[j]) * (rows[b][j] - mean[j]);
                gram[a, b] = gram[b, a] = s;
            }
        double total = 0;
        for (var a = 0; a < n; a++) total += gram[a, a];
        var coordinates = Enumerable.Range(0, n).Select(_ => new double[k]).ToArray();
        var explained = new double[k];
        for (var c = 0; c < k; c++)
        {
            var (value, vector) = TopEigen(gram, n);
            if (value <= 1e-12 * Math.Max(total, 1e-300)) break;
            var sign = vector.MaxBy(Math.Abs) < 0 ? -1 : 1;
            for (var a = 0; a < n; a++) coordinates[a][c] = sign * vector[a] * Math.Sqrt(value);
            explained[c] = value / total;
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++) gram[a, b] -= value * vector[a] * vector[b];
        }
        return (coordinates, explained);
    }

    private static (double Value, double[] Vector) TopEigen(double[,] m, int n)
    {
        var v = Enumerable.Range(0, n).Select(i => 1.0 + 0.01 * i).ToArray();
        double value = 0;
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            var next = new double[n];
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++) next[a] += m[a, b] * v[b];
            var norm = Math.Sqrt(next.Sum(x => x * x));
            if (norm == 0) return (0, v);
            for (var a = 0; a < n; a++) next[a] /= norm;
            var converged = Math.Abs(norm - value) <= 1e-12 * norm;
            (v, value) = (next, norm);
            if (converged) break;
        }
        return (value, v);
    }
}
