using RepTuning.Reporting;

namespace RepTuning.Tests.Reporting;

public class MarkdownTableTests
{
    [Fact]
    public void RendersExactTableWithRightAlignedNumbers()
    {
        string table = MarkdownTable.Render(
            ["Model", "Rate", "n", "Note"],
            [
                ["llama|3", 0.81234, 100, null],
                ["qwen", double.NaN, 7, "two\nlines"],
            ]);

        table.Should().Be(
            "| Model | Rate | n | Note |\n" +
            "| --- | ---: | ---: | --- |\n" +
            "| llama\\|3 | 0.812 | 100 |  |\n" +
            "| qwen | NaN | 7 | two<br>lines |\n");
    }

    [Fact]
    public void RejectsRowsOfTheWrongWidth() =>
        FluentActions.Invoking(() => MarkdownTable.Render(["a", "b"], [["x"]])).Should().Throw<ArgumentException>().WithMessage("*Row 0*");
}
