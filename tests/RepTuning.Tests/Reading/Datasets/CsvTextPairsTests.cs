using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Reading.Datasets;

public class CsvTextPairsTests
{
    [Fact]
    public void Reads_quoted_pairs_and_is_chosen_by_its_header()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pairs.csv");
        File.WriteAllText(path, "positive,negative\r\n\"I love it, really\",I hate it\r\n");
        var expected = new ContrastivePair("I love it, really", "I hate it", TokenPosition.Last);
        CsvTextPairs.Load(path).Pairs.Should().Equal(expected);
        PairsFile.Load(path, ChatTemplates.Plain).Pairs.Should().Equal(expected);
    }

    [Fact]
    public void A_missing_field_names_the_line()
    {
        using var dir = new TempDirectory();
        var path = dir.File("pairs.csv");
        File.WriteAllText(path, "positive,negative\nonly one\n");
        var load = () => CsvTextPairs.Load(path);
        load.Should().Throw<DatasetFormatException>().Which.Line.Should().Be(2);
    }
}
