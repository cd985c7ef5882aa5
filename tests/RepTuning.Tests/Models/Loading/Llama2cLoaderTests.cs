using RepTuning.Checkpoints;
using RepTuning.Models;

namespace RepTuning.Tests.Models.Loading;

public class Llama2cLoaderTests
{
    /// <summary>
    /// The loader permutes q rows so Hugging Face's rotate_half applies; compare with llama2.c's own
    /// interleaved rotation of the raw checkpoint rows, computed here in doubles.
    /// </summary>
    [Theory]
    [InlineData(0, 1, 5)]
    [InlineData(3, 4, 37)]
    public void Permuted_query_with_rotate_half_equals_llama2c_interleaved_rotation(int layer, int head, int position)
    {
        using var checkpoint = Llama2cCheckpoint.Open(TestModels.Stories15MPath);
        int dim = checkpoint.Dim, headSize = checkpoint.HeadSize;
        var x = Enumerable.Range(0, dim).Select(j => Math.Sin(0.37 * j + layer)).ToArray();

        // llama2.c: q = Wq x, then rotate pairs (2i, 2i+1) of each head by position / 10000^(2i/headSize).
        var wq = checkpoint.ReadFloat32("wq").AsSpan(layer * dim * dim, dim * dim);
        var expected = new double[headSize];
        for (var i = 0; i < headSize; i++)
        {
            double sum = 0;
            var row = head * headSize + i;
            for (var j = 0; j < dim; j++) sum += wq[row * dim + j] * x[j];
            expected[i] = sum;
        }
        for (var i = 0; i < headSize; i += 2)
        {
            var angle = position / Math.Pow(10000, (double)i / headSize);
            double a = expected[i], b = expected[i + 1];
            expected[i] = a * Math.Cos(angle) - b * Math.Sin(angle);
            expected[i + 1] = a * Math.Sin(angle) + b * Math.Cos(angle);
        }

        // Ours: permuted weights, (B, T, H, d) in and (B, H, T, d) out, half-split rotation.
        var model = TestModels.Stories15M.Network;
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(x.Select(v => (float)v).ToArray(), [1, 1, dim]);
        var q = model.Layers[layer].SelfAttention.QProj.forward(input).view(1, 1, checkpoint.NumHeads, headSize);
        using var rotary = new RotaryEmbedding(model.Config, model.Device);
        var (cos, sin) = rotary.Tables(torch.tensor(new long[] { position }, [1, 1]), ScalarType.Float32);
        var ours = RotaryEmbedding.Apply(q, cos, sin).select(1, head).reshape(headSize).ToArray<float>();

        // Half-split index k < d/2 holds llama2.c's 2k; k + d/2 holds 2k + 1.
        for (var k = 0; k < headSize / 2; k++)
        {
            ((double)ours[k]).Should().BeApproximately(expected[2 * k], 1e-4, $"index {2 * k}");
            ((double)ours[k + headSize / 2]).Should().BeApproximately(expected[2 * k + 1], 1e-4, $"index {2 * k + 1}");
        }
    }
}
