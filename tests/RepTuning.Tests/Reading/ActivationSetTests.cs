using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Tests.Reading;

public class ActivationSetTests
{
    [Fact]
    public void Save_then_load_is_identical()
    {
        using var dir = new TempDirectory();
        using var generator = new torch.Generator(7);
        using var set = new ActivationSet(new Dictionary<int, (Tensor, Tensor)>
        {
            [0] = (torch.randn([5, 8], generator: generator), torch.randn([5, 8], generator: generator)),
            [3] = (torch.randn([5, 8], generator: generator), torch.randn([5, 8], generator: generator)),
        }, HookPoint.AttnOut, "abc");
        set.Save(dir.File("acts.safetensors"));
        using var loaded = ActivationSet.Load(dir.File("acts.safetensors"));
        loaded.Layers.Should().Equal(0, 3);
        (loaded.Point, loaded.DatasetHash, loaded.Count, loaded.Width).Should().Be((HookPoint.AttnOut, "abc", 5, 8));
        foreach (var layer in set.Layers)
        {
            loaded.Positives(layer).Equals(set.Positives(layer)).Should().BeTrue();
            loaded.Negatives(layer).Equals(set.Negatives(layer)).Should().BeTrue();
        }
    }

    [Fact]
    public void Loading_a_steering_vector_file_is_a_format_error()
    {
        using var dir = new TempDirectory();
        var vector = new SteeringVector(new Dictionary<int, float[]> { [0] = [1, 2] }, new SteeringVectorInfo { HiddenSize = 2, LayerCount = 1 });
        vector.Save(dir.File("v.safetensors"));
        var load = () => ActivationSet.Load(dir.File("v.safetensors"));
        load.Should().Throw<CheckpointFormatException>().WithMessage("*not a RepTuning activation set*");
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        using var scope = torch.NewDisposeScope();
        var create = () => new ActivationSet(new Dictionary<int, (Tensor, Tensor)> { [0] = (torch.zeros([2, 3]), torch.zeros([3, 3])) }, HookPoint.ResidPost, "");
        create.Should().Throw<ArgumentException>();
    }
}
