using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>Tensor comparisons and forward-pass shortcuts shared by the model tests.</summary>
internal static class TensorAssert
{
    /// <summary>max |a - b| over all elements (float32 comparison).</summary>
    public static float MaxAbsDiff(Tensor a, Tensor b)
    {
        a.shape.Should().Equal(b.shape);
        using var scope = torch.NewDisposeScope();
        return (a.to(ScalarType.Float32) - b.to(ScalarType.Float32)).abs().max().ToSingle();
    }

    /// <summary>Full-sequence logits (1, T, V) of one unpadded row, as float32 values.</summary>
    public static float[] Logits(LlamaModel model, IReadOnlyList<int> ids)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        using var input = torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]);
        using var output = model.Forward(input);
        return output.Logits!.ToArray<float>();
    }

    /// <summary>(1, T, V) logits of one unpadded row, left in the caller's scope.</summary>
    public static Tensor LogitsTensor(LlamaModel model, IReadOnlyList<int> ids)
    {
        using var grad = torch.no_grad();
        var input = torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]);
        var output = model.Forward(input);
        output.Hidden.Dispose();
        return output.Logits!;
    }

    /// <summary>max |a - b| of two equally long arrays.</summary>
    public static float MaxAbsDiff(float[] a, float[] b)
    {
        a.Length.Should().Be(b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
