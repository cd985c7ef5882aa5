using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

public class NormalizedOffsetsTests
{
    [Fact]
    public void SameOrNoNormalizedText_NeedsNoMap()
    {
        NormalizedOffsets.Map("a b", null).Should().BeNull();
        NormalizedOffsets.Map("a b", "a b").Should().BeNull();
    }

    [Fact]
    public void DummyPrefix_IsZeroWidthAndSpacesPairWithMetaspace() =>
        // "▁Hello▁world": the inserted ▁ stands before "H"; the second ▁ is the input's space.
        NormalizedOffsets.Map("Hello world", "▁Hello▁world").Should().Equal(0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    [Fact]
    public void DummyPrefixBeforeALeadingSpace_IsInsertedFirst() =>
        NormalizedOffsets.Map(" a", "▁▁a").Should().Equal(0, 0, 1, 2);

    [Fact]
    public void RemovedWhitespace_IsSkipped() =>
        // Each ▁ pairs with the last space of its run; the spaces SentencePiece removed are skipped.
        NormalizedOffsets.Map("  a  b ", "▁a▁b").Should().Equal(1, 2, 4, 5, 6);

    [Fact]
    public void CaseMapping_IsOneForOne() =>
        NormalizedOffsets.Map("Ab", "ab").Should().Equal(0, 1, 2);
}
