using RepTuning.Reading;

namespace RepTuning.Tests.Reading;

public class NuisanceProjectionTests
{
    [Fact]
    public void Removes_exactly_the_component_along_the_nuisance()
    {
        NuisanceProjection.ProjectOut([3f, 4f, 5f], [0f, 2f, 0f]).Should().Equal(3f, 0f, 5f);
        var result = NuisanceProjection.ProjectOut([1f, 2f], [1f, 1f]);
        result.Should().Equal(-0.5f, 0.5f);
    }

    [Fact]
    public void A_zero_nuisance_is_rejected()
    {
        var project = () => NuisanceProjection.ProjectOut([1f], [0f]);
        project.Should().Throw<VectorMismatchException>();
    }
}
