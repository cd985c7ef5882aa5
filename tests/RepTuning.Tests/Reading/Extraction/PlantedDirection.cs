
namespace RepTuning.Tests.Reading.Extraction;

/// <summary>Synthetic pairs: a shared random base per pair, ± a planted direction, small noise, optionally a large nuisance axis.</summary>
internal sealed class PlantedDirection : IDisposable
{
    public const int Width = 32;

    public PlantedDirection(int pairs = 200, double shift = 2, double nuisance = 0, long seed = 1)
    {
        using var generator = new torch.Generator((ulong)seed);
        using var scope = torch.NewDisposeScope();
        Direction = torch.nn.functional.normalize(torch.randn([Width], generator: generator), dim: 0);
        var other = torch.randn([Width], generator: generator);
        other = other - Direction * (other * Direction).sum();                      // orthogonal to the planted direction
        NuisanceAxis = torch.nn.functional.normalize(other, dim: 0);
        var basis = torch.randn([pairs, Width], generator: generator);               // (N, D)
        var nuisanceScale = torch.randn([pairs, 1], generator: generator) * nuisance;  // (N, 1), same for both sides of a pair
        var shared = basis + nuisanceScale * NuisanceAxis;
        Positives = shared + Direction * shift + torch.randn([pairs, Width], generator: generator) * 0.3;
        Negatives = shared - Direction * shift + torch.randn([pairs, Width], generator: generator) * 0.3;
        foreach (var t in new[] { Direction, NuisanceAxis, Positives, Negatives }) t.DetachFromDisposeScope();
    }

    /// <summary>(D) unit planted direction.</summary>
    public Tensor Direction { get; }

    /// <summary>(D) unit nuisance axis orthogonal to <see cref="Direction"/>.</summary>
    public Tensor NuisanceAxis { get; }

    /// <summary>(N, D).</summary>
    public Tensor Positives { get; }

    /// <summary>(N, D).</summary>
    public Tensor Negatives { get; }

    public double Cosine(float[] direction, Tensor? axis = null)
    {
        using var scope = torch.NewDisposeScope();
        return torch.nn.functional.cosine_similarity(torch.tensor(direction), axis ?? Direction, dim: 0).ToSingle();
    }

    public void Dispose()
    {
        Direction.Dispose();
        NuisanceAxis.Dispose();
        Positives.Dispose();
        Negatives.Dispose();
    }
}
