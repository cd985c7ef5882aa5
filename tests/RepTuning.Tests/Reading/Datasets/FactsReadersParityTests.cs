using System.Security.Cryptography;
using System.Text;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;
using RepTuning.Tuning;

namespace RepTuning.Tests.Reading.Datasets;

/// <summary>
/// Every reader of the facts file gives, on the repository's data, exactly what it gave when each read the file
/// its own way (the hashes were taken from those readers before they shared one loader).
/// </summary>
public class FactsReadersParityTests
{
    private static string FactsPath => TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data/facts/facts_true_false.csv"));

    public static TheoryData<string, string> Readers => new()
    {
        { "statements", "128C3F0333C5B8E600C6DDE8F7C4D755220DECBAD8741066262AC28F5642F244" },
        { "protocol", "90E594C2990049A7D4041331095032545814E6211E122BF178A9B3C3F6A566F2" },
        { "tuning+", "55A7DB16EBC252728B74AC37FB12181DF684E663C0FE6A827CCAA867C19EC105" },
        { "tuning-", "60523216715ADE8A90FECF126BA51DED3194E0CD1A2DFD06BAC43DF5E410299C" },
        { "persona", "22127F8CF129F51ADF2F70429EA029FD772F3C72C9419420D11395FAF904FEFA" },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Every_reader_gives_the_same_items_as_before(string reader, string expectedHash)
    {
        var template = ChatTemplates.Llama3;
        IEnumerable<string> lines = reader switch
        {
            "statements" => FactStatement.LoadCsv(FactsPath).Select(f => $"{f.Statement}|{f.IsTrue}"),
            "protocol" => HonestyFactsProtocol.Load(FactsPath, template).Select(i => $"{i.Id}|{i.Prompt}|{string.Join(",", i.Options)}|{i.CorrectIndex}"),
            "tuning+" => TuningExamples.Load(FactsPath, template).Select(e => $"{e.Prompt}|{e.Answer}"),
            "tuning-" => TuningExamples.Load(FactsPath, template, sign: -1).Select(e => $"{e.Prompt}|{e.Answer}"),
            _ => PersonaFactsPairs.Build("facts", FactStatement.LoadCsv(FactsPath), template).Pairs.Select(p => $"{p.Positive}|{p.Negative}|{p.Position}"),
        };
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
        hash.Should().Be(expectedHash);
    }
}
