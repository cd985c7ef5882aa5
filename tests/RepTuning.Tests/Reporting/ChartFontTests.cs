using System.Diagnostics;
using System.Runtime.InteropServices;
using RepTuning.Reporting.Charts;

namespace RepTuning.Tests.Reporting;

/// <summary>
/// Chart text comes from the font embedded in RepTuning, not from the machine: SkiaSharp's self-contained Linux build
/// finds fonts only under /usr/share/fonts and, with none there, draws no text and reports no error.
/// </summary>
public class ChartFontTests
{
    [Fact]
    public void TheEmbeddedFontIsRegisteredForItsOwnFamilyOnly()
    {
        var resolver = ChartFont.Registered;
        ScottPlot.Fonts.FontResolvers[0].Should().BeSameAs(resolver, "asked first, before ScottPlot's system font resolver");
        var regular = ScottPlot.Fonts.GetTypeface(ChartFont.Family, bold: false, italic: false);
        var bold = ScottPlot.Fonts.GetTypeface(ChartFont.Family, bold: true, italic: false);
        (regular.FamilyName, regular.FontWeight).Should().Be(("DejaVu Sans", 400));
        (bold.FamilyName, bold.FontWeight).Should().Be(("DejaVu Sans", 700));
        resolver.CreateTypeface("DejaVu Sans", bold: false, italic: false).Should().BeNull("other families are left to the other resolvers");
    }

    [Fact]
    public void EveryTextRoleDrawsWithTheMachinesFontsHidden()
    {
        using var dir = new TempDirectory();
        RunProbeWithoutSystemFonts(dir.Path);

        // Without this the test would prove nothing: the probe must not have seen any system font.
        File.ReadAllText(dir.File(FontProbe.SystemInkFile)).Should().Be("0", "the child's default typeface should draw no ink once /usr/share/fonts is hidden");
        foreach (var chart in FontProbe.Charts)
        {
            using var none = Load(dir.File($"{chart.Name}-none.png"));
            foreach (var role in chart.Roles)
            {
                using var only = Load(dir.File($"{chart.Name}-{role}.png"));
                PngPixels.Differing(only, none).Should().BeGreaterThan(40, $"the {role} of the {chart.Name} chart should draw glyphs");
            }
            // And all of it exactly as in this process, where the machine's fonts are visible.
            using var hidden = Load(dir.File($"{chart.Name}.png"));
            using var here = PngPixels.Decode(chart.Render());
            PngPixels.Differing(hidden, here).Should().Be(0, $"the {chart.Name} chart should not depend on the machine's fonts");
        }
    }

    [Fact]
    public void AnEmptyTitleDrawsNothingWhereATitleDrawsGlyphs()
    {
        // The control for the role test above: with every text hidden but the title, an empty title leaves the image
        // exactly as with no text at all.
        var untitled = ProbedChart.Of("untitled", new LineChart(ChartSamples.Line() with { Title = "" }), "title");
        using var none = PngPixels.Decode(untitled.Render(onlyRole: ""));
        using var title = PngPixels.Decode(untitled.Render("title"));
        PngPixels.Differing(title, none).Should().Be(0);
    }

    private static SkiaSharp.SKBitmap Load(string path) => PngPixels.Decode(File.ReadAllBytes(path));

    // Runs this assembly's font probe in a private mount namespace in which /usr/share/fonts is an empty tmpfs and
    // fontconfig (for SkiaSharp builds that use it) reads an empty configuration.
    private static void RunProbeWithoutSystemFonts(string directory)
    {
        string emptyConfig = Path.Combine(directory, "fonts.conf");
        File.WriteAllText(emptyConfig, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Root may make a mount namespace directly; anyone else needs a user namespace in which they are root.
        if (geteuid() != 0) start.ArgumentList.Add("--map-root-user");
        foreach (var arg in new[]
        {
            "--mount", "--", "sh", "-c", "if [ -d /usr/share/fonts ]; then mount -t tmpfs tmpfs /usr/share/fonts || exit 97; fi; exec \"$@\"", "sh",
            DotnetHost(), "exec", typeof(FontProbe).Assembly.Location, FontProbe.Command, directory,
        })
            start.ArgumentList.Add(arg);
        start.Environment["FONTCONFIG_FILE"] = emptyConfig;

        using var probe = Process.Start(start)!;
        var stdout = probe.StandardOutput.ReadToEndAsync();
        string stderr = probe.StandardError.ReadToEnd();
        probe.WaitForExit(TimeSpan.FromMinutes(2)).Should().BeTrue("the probe should finish");
        probe.ExitCode.Should().Be(0, $"the probe should run (unshare and mount need root or user namespaces): {stdout.Result}{stderr}");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    [DllImport("libc")]
    private static extern uint geteuid();
}
