using RepTuning.Reporting.Svg;

namespace RepTuning.Tests.Reporting;

public class AxisTicksTests
{
    [Fact]
    public void CoveringWidensToNiceBounds()
    {
        var ticks = AxisTicks.Covering(0.03, 0.97);
        ticks.Min.Should().Be(0);
        ticks.Max.Should().Be(1);
        ticks.Step.Should().Be(0.2);
        ticks.Values.Should().Equal(0, 0.2, 0.4, 0.6, 0.8, 1);
        ticks.Label(0.4).Should().Be("0.4");
    }

    [Fact]
    public void CoveringHandlesLargeAndNegativeRanges()
    {
        AxisTicks.Covering(-37, 112).Values.Should().Equal(-50, 0, 50, 100, 150);
        AxisTicks.Covering(5, 5).Values.Should().Contain(5);
    }

    [Fact]
    public void WithinKeepsTheRange()
    {
        var ticks = AxisTicks.Within(-0.83, 0.83);
        ticks.Values.Should().Equal(-0.5, 0, 0.5);
        ticks.Label(-0.5).Should().Be("-0.5");
        ticks.Label(-1e-17).Should().Be("0.0");
    }
}
