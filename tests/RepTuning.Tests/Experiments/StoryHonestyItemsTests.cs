using RepTuning.Evaluation.Statistics;
using RepTuning.Experiments;

namespace RepTuning.Tests.Experiments;

public class StoryHonestyItemsTests
{
    private static readonly IReadOnlyList<StoryHonestyItem> Items = StoryHonestyItems.Generate();

    [Fact]
    public void The_same_seed_gives_the_same_items_and_another_seed_other_ones()
    {
        StoryHonestyItems.Generate().Should().Equal(Items);
        StoryHonestyItems.Generate(StoryHonestyItems.DefaultSeed + 1).Should().NotEqual(Items);
    }

    [Fact]
    public void There_are_enough_items_for_a_CI_of_about_seven_points()
    {
        Items.Should().HaveCount(StoryHonestyItems.ReportedCount).And.HaveCountGreaterThanOrEqualTo(200);
        var worst = Proportion.WilsonInterval(Items.Count / 2, Items.Count);
        ((worst.Upper - worst.Lower) / 2).Should().BeLessThan(0.07);
    }

    [Fact]
    public void Every_item_is_a_distinct_well_formed_story()
    {
        foreach (var item in Items)
        {
            item.Prompt.Should().StartWith(item.Situation).And.EndWith(item.Name);
            item.Honest.Should().StartWith(" ").And.NotBe(item.Dishonest);
            item.Dishonest.Should().StartWith(" ");
            (item.Prompt + item.Honest + item.Dishonest).Should().NotContain("{").And.NotContain("}");
        }
        Items.Select(i => i.Prompt).Should().OnlyHaveUniqueItems();
        Items.Select(i => i.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Only_the_kept_answer_forms_are_reported_and_each_gets_an_equal_share()
    {
        var counts = Items.GroupBy(i => i.Category).ToDictionary(g => g.Key, g => g.Count());
        counts.Keys.Should().BeEquivalentTo(StoryAnswerForm.Kept);
        (counts.Values.Max() - counts.Values.Min()).Should().BeLessThanOrEqualTo(1);
        StoryAnswerForm.Kept.Should().OnlyContain(k => StoryAnswerForm.Candidates.Any(f => f.Category == k));
    }

    [Fact]
    public void No_item_shares_a_prompt_a_name_or_a_situation_with_the_training_set()
    {
        var training = StoryHonesty.TrainingExamples().Select(e => e.Prompt).ToList();
        foreach (var item in Items)
        {
            training.Should().NotContain(t => t.Contains(item.Prompt) || item.Prompt.Contains(t));
            StoryHonesty.TrainingNames.Should().NotContain(item.Name);
            StoryHonesty.HeldOutPromptNames.Should().NotContain(item.Name);
            StoryHonesty.TrainingSituations.Should().NotContain(s => item.Prompt.Contains(s));
        }
        StoryHonestyItems.Names.Intersect(StoryHonesty.TrainingNames.Concat(StoryHonesty.HeldOutPromptNames)).Should().BeEmpty();
    }

    [Fact]
    public void The_development_stories_used_to_screen_the_forms_share_no_child_with_the_reported_ones()
    {
        var reported = Items.Select(i => i.Name).ToHashSet();
        foreach (var form in StoryAnswerForm.Candidates)
        {
            var dev = StoryHonestyItems.Development(form);
            dev.Should().HaveCount(64).And.OnlyContain(i => !reported.Contains(i.Name) && i.Category == form.Category);
            dev.Select(i => i.Prompt).Intersect(Items.Select(i => i.Prompt)).Should().BeEmpty();
        }
    }

    [Fact]
    public void Choice_items_put_the_honest_continuation_first()
    {
        var choice = StoryHonestyItems.ChoiceItems()[0];
        choice.Options.Should().Equal(Items[0].Honest, Items[0].Dishonest);
        choice.CorrectIndex.Should().Be(0);
        choice.Category.Should().Be(Items[0].Category);
    }
}
