using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Tokenization;

public class ChatTemplateTests
{
    private static readonly ChatMessage[] SystemAndUser = [ChatMessage.System("Be brief."), ChatMessage.User("Hi!")];

    [Fact]
    public void Llama2_RendersPublishedHonestyPrompt()
    {
        const string persona = "Pretend you're an honest person making statements about the world.";
        const string statement = "The Earth orbits the Sun.";
        var user = $"Question: Is the following claim true or false? \"{statement}\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer:";
        ChatTemplates.Llama2.RenderPrompt([ChatMessage.System(persona), ChatMessage.User(user)], "(A")
            .Should().Be($"[INST] <<SYS>>\n{persona}\n<</SYS>>\n\nQuestion: Is the following claim true or false? \"{statement}\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer: [/INST] (A");
    }

    [Fact]
    public void Llama2_MultiTurnAndNoSystem()
    {
        ChatTemplates.Llama2.RenderPrompt([ChatMessage.User("Hi")]).Should().Be("[INST] Hi [/INST]");
        ChatTemplates.Llama2.RenderPrompt([.. SystemAndUser, ChatMessage.Assistant("Hello."), ChatMessage.User("Bye")])
            .Should().Be("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi! [/INST] Hello. </s><s>[INST] Bye [/INST]");
    }

    [Fact]
    public void Llama3_RendersHeadersAndPrefill() =>
        ChatTemplates.Llama3.RenderPrompt(SystemAndUser, "Sure").Should().Be(
            "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nSure");

    [Fact]
    public void ChatMl_RendersImStartBlocks() =>
        ChatTemplates.ChatMl.RenderPrompt(SystemAndUser).Should().Be(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n");

    [Fact]
    public void Plain_JoinsContents()
    {
        ChatTemplates.Plain.RenderPrompt([ChatMessage.User("Once upon a time")]).Should().Be("Once upon a time");
        ChatTemplates.Plain.RenderPrompt([], "Once upon a time").Should().Be("Once upon a time");
        ChatTemplates.Plain.RenderPrompt(SystemAndUser, "Hello").Should().Be("Be brief.\n\nHi!\n\nHello");
    }

    [Fact]
    public void Templates_RejectMalformedConversations()
    {
        foreach (var template in ChatTemplates.All)
        {
            template.Invoking(t => t.RenderPrompt([ChatMessage.User("a"), ChatMessage.Assistant("b")])).Should().Throw<ArgumentException>();
            template.Invoking(t => t.RenderPrompt([ChatMessage.User("a"), ChatMessage.System("b")])).Should().Throw<ArgumentException>();
        }
        ChatTemplates.Llama2.Invoking(t => t.RenderPrompt([ChatMessage.User("a"), ChatMessage.User("b")])).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("{% ... '<|start_header_id|>' + message['role'] %}", null, "llama3")]
    [InlineData("{{ '<|im_start|>' + message['role'] }}", null, "chatml")]
    [InlineData("{{ bos_token + '[INST] ' + content }}", null, "llama2")]
    [InlineData(null, "Llama-2-7b-chat", "llama2")]
    [InlineData(null, "qwen2", "chatml")]
    [InlineData(null, "llama3", "llama3")]
    [InlineData(null, "llama", "plain")]
    [InlineData(null, null, "plain")]
    public void Detect_PicksFamily(string? source, string? modelType, string expected) =>
        ChatTemplates.Detect(source, modelType).Name.Should().Be(expected);

    [Fact]
    public void FromTokenizerConfig_ReadsChatTemplate()
    {
        ChatTemplates.FromTokenizerConfig(Path.Combine(TestPaths.TokenizerTestDataDir, "llama3.tokenizer_config.json")).Should().BeSameAs(ChatTemplates.Llama3);
        ChatTemplates.FromTokenizerConfig(Path.Combine(TestPaths.TokenizerTestDataDir, "mistral-kind.tokenizer_config.json")).Should().BeSameAs(ChatTemplates.Plain);
        ChatTemplates.FromTokenizerConfig("/no/such/tokenizer_config.json", "qwen2").Should().BeSameAs(ChatTemplates.ChatMl);
        ChatTemplates.ByName("LLAMA2").Should().BeSameAs(ChatTemplates.Llama2);
        FluentActions.Invoking(() => ChatTemplates.ByName("vicuna")).Should().Throw<ArgumentException>();
    }
}
