using RepTuning.Interventions;
using RepTuning.Models;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class NormPreservingAddOperatorTests
{
    [Fact]
    public void Norms_are_kept_while_the_direction_changes()
    {
        var (ids, mask) = (Row(), (Tensor?)null);
        var d = Network.Config.HiddenSize;
        var vector = RandomVector(14, layers: [3]);
        var unit = vector.Normalized()[3].ToArray();
        var before = Capture(HookSite.ResidPost(3), ids, mask);
        float[] after;
        using (Model.Steer(new Intervention(vector, [3]) { Operator = SteeringOperator.NormPreservingAdd, Multiplier = 3 }))
            after = Capture(HookSite.ResidPost(3), ids, mask);
        var (n0, n1) = (Norms(before, d), Norms(after, d));
        n1.Zip(n0, (a, b) => Math.Abs(a - b) / b).Should().OnlyContain(r => r < 1e-5);
        Dots(after, unit).Zip(Dots(before, unit), (a, b) => a - b).Should().OnlyContain(delta => delta > 0);
    }
}
