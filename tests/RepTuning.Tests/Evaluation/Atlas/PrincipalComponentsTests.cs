using RepTuning.Evaluation.Atlas;

namespace RepTuning.Tests.Evaluation.Atlas;

public class PrincipalComponentsTests
{
    [Fact]
    public void Recovers_planted_coordinates_and_zeroes_components_past_the_rank()
    {
        // Centred coordinates c1 ⟂ c2 (squared norms 14 and 12) on an orthonormal pair in R^5, plus an offset.
        double[] c1 = [3, -1, -2, 0], c2 = [1, 1, 1, -3];
        double[] u = [1 / Math.Sqrt(2), 1 / Math.Sqrt(2), 0, 0, 0], w = [0, 0, 1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 1 / Math.Sqrt(3)];
        double[] offset = [7, -3, 2, 0.5, 1];
        var rows = c1.Select((_, i) => offset.Select((o, j) => o + c1[i] * u[j] + c2[i] * w[j]).ToArray()).ToArray();

        var (coordinates, explained) = PrincipalComponents.Project(rows, 3);

        explained.Should().Equal([14.0 / 26, 12.0 / 26, 0], (x, y) => Math.Abs(x - y) < 1e-12);
        // Signs: the largest-magnitude coordinate is positive (3 in c1; -3 in c2, so c2 flips).
        double[][] expected = [[3, -1, 0], [-1, -1, 0], [-2, -1, 0], [0, 3, 0]];
        for (var i = 0; i < rows.Length; i++)
            coordinates[i].Should().Equal(expected[i], (x, y) => Math.Abs(x - y) < 1e-10);
    }

    [Fact]
    public void More_components_than_points_leave_the_extra_ones_zero()
    {
        var (coordinates, explained) = PrincipalComponents.Project([[1, 2, 3], [3, 2, 1]], 3);
        explained.Should().Equal([1.0, 0, 0], (x, y) => Math.Abs(x - y) < 1e-12);
        coordinates[0][0].Should().BeApproximately(-coordinates[1][0], 1e-12);
        Math.Abs(coordinates[0][0]).Should().BeApproximately(Math.Sqrt(2), 1e-12); // each point lies sqrt(2) from the mean
    }

    [Fact]
    public void Identical_points_have_no_components()
    {
        var (coordinates, explained) = PrincipalComponents.Project([[1, 2], [1, 2], [1, 2]], 2);
        explained.Should().OnlyContain(e => e == 0);
        coordinates.SelectMany(c => c).Should().OnlyContain(v => v == 0);
    }
}
