using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>The global seed and thread count; these mutate process-wide state.</summary>
[Collection(GlobalTorchState.Name)]
public sealed class GlobalTorchStateTests
{
    [Fact]
    public void Manual_seed_makes_the_global_generator_reproducible()
    {
        torch.manual_seed(1234);
        using var a = torch.randn([64]);
        torch.manual_seed(1234);
        using var b = torch.randn([64]);
        using var c = torch.randn([64]);
        a.Equals(b).Should().BeTrue();
        a.Equals(c).Should().BeFalse();
    }

    [Fact]
    public void Set_num_threads_takes_effect_and_can_be_restored()
    {
        var previous = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            torch.get_num_threads().Should().Be(1);
            var zero = () => torch.set_num_threads(0);
            zero.Should().Throw<ArgumentOutOfRangeException>();
        }
        finally
        {
            torch.set_num_threads(previous);
        }
        torch.get_num_threads().Should().Be(previous);
    }

    [Fact]
    public void Version_names_libtorch()
    {
        torch.version.Should().MatchRegex(@"^\d+\.\d+");
    }
}
