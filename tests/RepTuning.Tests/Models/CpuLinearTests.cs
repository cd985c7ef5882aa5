using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>Linear layers send products to the kernel that can compute them, and get libtorch's values either way.</summary>
public class CpuLinearTests
{
    [Fact]
    public void Picks_a_kernel_by_rows_dtype_layout_and_grad_mode()
    {
        OwnCpuKernels.Enabled.Should().BeTrue("RT_OWN_CPU_KERNELS is not set to off for the tests");
        using var scope = torch.NewDisposeScope();
        var weight = torch.randn(16, 32);
        var row = torch.randn(1, 32);
        var batch = torch.randn(FewRowLinear.MaxRows + 1, 32);
        var batchKernel = PackedGemm.Enabled ? CpuLinear.Choice.Packed : CpuLinear.Choice.Libtorch;
        CpuLinear.Kernel(row, weight, null).Should().Be(CpuLinear.Choice.Libtorch, "grad mode is on: libtorch for few rows, whatever needs a gradient");
        CpuLinear.Kernel(batch, weight.requires_grad_(true), null).Should().Be(batchKernel, "batches train through the packed kernel too");
        using var grad = torch.no_grad();
        CpuLinear.Kernel(row, weight, null).Should().Be(CpuLinear.Choice.FewRows);
        CpuLinear.Kernel(batch, weight, null).Should().Be(batchKernel);
        CpuLinear.Kernel(row.to(ScalarType.BFloat16), weight.to(ScalarType.BFloat16), null).Should().Be(CpuLinear.Choice.Libtorch, "float32 only");
        CpuLinear.Kernel(row, torch.randn(32, 16).t(), null).Should().Be(CpuLinear.Choice.Libtorch, "the weight must be contiguous");
        CpuLinear.Kernel(torch.randn(1, 33), weight, null).Should().Be(CpuLinear.Choice.Libtorch, "a width mismatch is libtorch's to report");
        CpuLinear.Kernel(torch.randn(FewRowLinear.MaxRows + 1, 33), weight, null).Should().Be(CpuLinear.Choice.Libtorch, "for batches too");
    }

    [Theory]
    [InlineData(FewRowLinear.MaxRows + 4, true, true)]
    [InlineData(20, false, true)]
    [InlineData(20, true, false)]
    public void Gradients_through_a_linear_are_libtorchs(int rows, bool inputGrad, bool weightGrad)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(13);
        var weight = torch.randn([70, 40], generator: generator);
        var bias = torch.randn([70], generator: generator);
        var x = torch.randn([2, rows, 40], generator: generator);
        var upstream = torch.randn([2, rows, 70], generator: generator);
        var linear = new Linear(weight.clone(), bias.clone());
        linear.Weight.requires_grad_(weightGrad);
        var (ours, theirs) = (x.clone().requires_grad_(inputGrad), x.clone().requires_grad_(inputGrad));
        var (w, b) = (weight.clone().requires_grad_(weightGrad), bias.clone());

        var y = linear.forward(ours);
        var expected = torch.nn.functional.linear(theirs, w, b);
        TensorAssert.MaxAbsDiff(y, expected).Should().BeLessThan(1e-4f);
        (y * upstream).sum().backward();
        (expected * upstream).sum().backward();

        if (inputGrad) TensorAssert.MaxAbsDiff(ours.grad!, theirs.grad!).Should().BeLessThan(1e-4f);
        if (weightGrad) TensorAssert.MaxAbsDiff(linear.Weight.grad!, w.grad!).Should().BeLessThan(1e-3f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(FewRowLinear.MaxRows + 4)]
    public void An_input_of_the_wrong_width_is_refused_as_libtorch_refuses_it(int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var linear = new Linear(torch.randn(300, 64));
        var act = () => linear.forward(torch.randn(rows, 65));
        act.Should().Throw<System.Runtime.InteropServices.ExternalException>().WithMessage("*cannot be multiplied*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(FewRowLinear.MaxRows + 4)]
    public void A_linear_gives_libtorchs_values(int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var generator = new torch.Generator(3);
        var weight = torch.randn([300, 64], generator: generator);
        var bias = torch.randn([300], generator: generator);
        var linear = new Linear(weight.clone(), bias.clone());
        var x = torch.randn([2, rows, 64], generator: generator);
        TensorAssert.MaxAbsDiff(linear.forward(x), torch.nn.functional.linear(x, weight, bias)).Should().BeLessThan(1e-4f);
    }
}
