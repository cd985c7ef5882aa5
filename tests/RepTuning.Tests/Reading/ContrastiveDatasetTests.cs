using RepTuning.Reading;

namespace RepTuning.Tests.Reading;

public class ContrastiveDatasetTests
{
    [Fact]
    public void Hash_depends_on_content_not_name()
    {
        var a = ContrastiveDataset.FromTexts("a", [("x", "y"), ("z", "w")]);
        var b = ContrastiveDataset.FromTexts("b", [("x", "y"), ("z", "w")]);
        var swapped = ContrastiveDataset.FromTexts("a", [("y", "x"), ("z", "w")]);
        var moved = ContrastiveDataset.FromTexts("a", [("xy", ""), ("z", "w")]);
        var otherPosition = ContrastiveDataset.FromTexts("a", [("x", "y"), ("z", "w")], TokenPosition.Offset(-1));
        a.Hash.Should().Be(b.Hash).And.HaveLength(64);
        new[] { swapped.Hash, moved.Hash, otherPosition.Hash }.Should().NotContain(a.Hash);
    }

    [Fact]
    public void Empty_dataset_is_a_typed_error()
    {
        var create = () => ContrastiveDataset.FromTexts("nothing", []);
        create.Should().Throw<EmptyDatasetException>().Which.DatasetName.Should().Be("nothing");
    }

    [Fact]
    public void All_blank_pairs_are_a_degenerate_dataset_error()
    {
        var create = () => ContrastiveDataset.FromTexts("blank", [("", " "), ("\t", ""), ("", ""), (" ", "\n")]);
        create.Should().Throw<DegenerateDatasetException>().Which.DatasetName.Should().Be("blank");
    }

    [Fact]
    public void All_identical_pairs_are_a_degenerate_dataset_error()
    {
        var create = () => ContrastiveDataset.FromTexts("same", [("a", "a"), ("b", "b"), ("c", "c"), ("d", "d")]);
        create.Should().Throw<DegenerateDatasetException>().WithMessage("*identical*");
    }

    [Fact]
    public void Some_identical_pairs_are_listed_not_refused()
    {
        var dataset = ContrastiveDataset.FromTexts("mixed", [("a", "a"), ("b", "c"), ("", ""), ("d", "e")]);
        dataset.IdenticalPairs.Should().Equal(0, 2);
    }
}
