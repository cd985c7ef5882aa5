using RepTuning.Reading;
using RepTuning.Reading.Extraction;

namespace RepTuning.Tests.Reading.Extraction;

public class ExtractorTests
{
    public static TheoryData<string> Methods => new(DirectionMethods.Names);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_method_recovers_a_planted_direction_with_the_positive_sign(string method)
    {
        using var planted = new PlantedDirection();
        var direction = DirectionMethods.Extract(DirectionMethods.Parse(method), planted.Positives, planted.Negatives);
        direction.Should().HaveCount(PlantedDirection.Width);
        planted.Cosine(direction).Should().BeGreaterThan(0.99);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_method_ignores_a_large_nuisance_shared_within_pairs(string method)
    {
        using var planted = new PlantedDirection(nuisance: 10);
        planted.Cosine(DirectionMethods.Extract(DirectionMethods.Parse(method), planted.Positives, planted.Negatives)).Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void Pca_raw_picks_the_separating_component_over_a_bigger_nuisance()
    {
        using var planted = new PlantedDirection(nuisance: 10);
        var (component, direction) = new PcaRaw().Choose(planted.Positives, planted.Negatives);
        component.Should().Be(1, "PC1 is the nuisance axis (variance 100), PC2 the behaviour (variance 5)");
        planted.Cosine(direction).Should().BeGreaterThan(0.99);
        Math.Abs(planted.Cosine(direction, planted.NuisanceAxis)).Should().BeLessThan(0.05);
    }

    [Fact]
    public void Mean_difference_is_the_hand_computed_mean_and_can_be_unit_norm()
    {
        using var scope = torch.NewDisposeScope();
        var pos = torch.tensor(new float[] { 3, 0, 5, 2 }, [2, 2]);
        var neg = torch.tensor(new float[] { 1, 0, 1, 0 }, [2, 2]);
        new MeanDifference().Extract(pos, neg).Should().Equal(3f, 1f);
        new MeanDifference(UnitNorm: true).Extract(pos, neg).Should().BeEquivalentTo(new[] { 3 / MathF.Sqrt(10), 1 / MathF.Sqrt(10) }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
    }

    [Fact]
    public void Names_parse_back_to_their_method()
    {
        foreach (var method in Enum.GetValues<DirectionMethod>())
            DirectionMethods.Parse(DirectionMethods.Name(method)).Should().Be(method);
    }

    [Fact]
    public void Unknown_method_and_bad_shapes_are_argument_errors()
    {
        var unknown = () => DirectionMethods.Parse("lda");
        unknown.Should().Throw<ArgumentException>().WithMessage("*meandiff*");
        using var scope = torch.NewDisposeScope();
        var shapes = () => new PcaOfDifferences().Extract(torch.zeros([3, 2]), torch.zeros([2, 2]));
        shapes.Should().Throw<ArgumentException>();
    }
}
