using RepTuning.Interventions;
using RepTuning.Models;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class ClampOperatorTests
{
    [Fact]
    public void Clamp_sets_the_projection_onto_the_unit_direction_to_the_value()
    {
        var (ids, mask) = Batch();
        var vector = RandomVector(13, layers: [4]);
        var unit = vector.Normalized()[4].ToArray();
        float[] after;
        using (Model.Steer(new Intervention(vector, [4]) { Operator = SteeringOperator.Clamp(-2.5), Point = HookPoint.AttnOut }))
            after = Capture(HookSite.AttnOut(4), ids, mask);
        var realRows = Batch().Mask.ToArray<long>();
        Dots(after, unit).Where((_, i) => realRows[i] == 1).Should().OnlyContain(p => Math.Abs(p + 2.5) < 1e-4);
    }

    [Fact]
    public void Non_finite_values_are_refused() =>
        FluentActions.Invoking(() => SteeringOperator.Clamp(double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
}
