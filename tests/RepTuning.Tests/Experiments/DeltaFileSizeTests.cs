using RepTuning.Experiments;
using RepTuning.Tuning;

namespace RepTuning.Tests.Experiments;

public class DeltaFileSizeTests
{
    [Fact]
    public void The_saved_size_covers_the_tensors_and_leaves_no_file_behind()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "reptuning-delta-*").Length;
        using var delta = new TunedDelta(new Dictionary<string, Tensor>
        {
            ["model.layers.0.self_attn.v_proj.weight"] = torch.zeros(16, 8),
            ["model.layers.0.self_attn.o_proj.weight"] = torch.zeros(8, 16),
        }, new TunedDeltaInfo { BaseHash = "test" });

        var bytes = DeltaFileSize.SavedBytes(delta);

        bytes.Should().BeGreaterThanOrEqualTo(2 * 16 * 8 * sizeof(float), "the file holds both float32 tensors plus a header");
        bytes.Should().BeLessThan(2 * 16 * 8 * sizeof(float) + 64 * 1024, "the header and metadata are small");
        Directory.GetFiles(Path.GetTempPath(), "reptuning-delta-*").Length.Should().Be(before);
    }
}
