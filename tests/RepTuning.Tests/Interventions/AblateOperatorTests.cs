using RepTuning.Interventions;
using RepTuning.Models;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class AblateOperatorTests
{
    [Fact]
    public void Ablation_removes_the_projection_of_every_position_onto_v()
    {
        var (ids, mask) = (Row(), (Tensor?)null);
        var vector = RandomVector(11, layers: [2]);
        var d = Network.Config.HiddenSize;
        var unit = vector.Normalized()[2].ToArray();
        var before = Capture(HookSite.ResidPre(3), ids, mask);
        float[] after;
        using (Model.Steer(new Intervention(vector, [2]) { Operator = SteeringOperator.Ablate }))
            after = Capture(HookSite.ResidPre(3), ids, mask);
        var norms = Norms(before, d);
        Dots(before, unit).Select(Math.Abs).Max().Should().BeGreaterThan(0.01);
        Dots(after, unit).Select((p, i) => Math.Abs(p) / norms[i]).Should().OnlyContain(r => r < 1e-4);
    }

    [Fact]
    public void Ablate_then_add_sets_every_projection_to_the_scaled_norm()
    {
        var (ids, mask) = (Row(), (Tensor?)null);
        var vector = RandomVector(12, norm: 2.0, layers: [1]);
        var unit = vector.Normalized()[1].ToArray();
        float[] after;
        using (Model.Steer(new Intervention(vector, [1]) { Operator = SteeringOperator.AblateThenAdd, Multiplier = 1.5 }))
            after = Capture(HookSite.ResidPost(1), ids, mask);
        Dots(after, unit).Should().OnlyContain(p => Math.Abs(p - 3.0) < 1e-4);
    }
}
