using System.Runtime.CompilerServices;
using RepTuning.Models;

namespace RepTuning.Tests.Api;

/// <summary>
/// The library's public surface is small and every change to it is deliberate: the listing is checked in
/// next to this file and must match the assembly.
/// </summary>
public class PublicApiTests
{
    private const int MaxPublicTypes = 40;

    private static readonly System.Reflection.Assembly Library = typeof(LanguageModel).Assembly;

    [Fact]
    public void The_library_exports_at_most_forty_types()
    {
        var types = PublicApiListing.PublicTypes(Library);
        types.Should().HaveCountLessThanOrEqualTo(MaxPublicTypes,
            "the public surface is the three jobs in a few types; found: " + string.Join(", ", types.Select(t => t.Name)));
    }

    [Fact]
    public void The_checked_in_listing_matches_the_assembly()
    {
        var expectedPath = ListingPath();
        var actual = PublicApiListing.Write(Library);
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).ReplaceLineEndings("\n") : "";
        if (actual == expected) return;

        // Accepting a change is a one-liner, and the diff then shows in review.
        var received = Path.ChangeExtension(expectedPath, ".received.txt");
        if (Environment.GetEnvironmentVariable("REPTUNING_ACCEPT_API") == "1")
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"The public API changed. Review `diff {expectedPath} {received}`, then accept it with " +
                    $"`REPTUNING_ACCEPT_API=1 dotnet test tests/RepTuning.Tests -c Release --filter FullyQualifiedName~PublicApiTests`.");
    }

    private static string ListingPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "RepTuning.api.txt");
}
