using RepTuning.Models;
using TorchSharp.Modules;

namespace RepTuning.Tests.Models;

/// <summary>The network is a plain TorchSharp module: names, state_dict, optimizers and a user's own loss work on it.</summary>
public class TorchSharpModuleTests
{
    [Fact]
    public void Named_parameters_carry_the_hugging_face_names_once_each()
    {
        var network = TestModels.Stories15M.Network;
        var names = network.named_parameters().Select(p => p.name).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain(["model.embed_tokens.weight", "model.norm.weight", "model.layers.3.self_attn.v_proj.weight",
            "model.layers.5.mlp.down_proj.weight", "model.layers.0.input_layernorm.weight"]);
        // stories15M ties its unembedding to the embedding: one parameter, listed once.
        names.Should().NotContain("lm_head.weight");
        names.Should().HaveCount(2 + 9 * network.Config.NumHiddenLayers);
        network.parameters().Sum(p => p.numel()).Should().Be(network.Config.VocabSize * 288L + 288 + 6 * (4 * 288 * 288 + 3 * 288 * 768 + 2 * 288));
        ReferenceEquals(network.LmHead.Weight, network.Embedding).Should().BeTrue();
    }

    [Fact]
    public void State_dict_holds_the_weights_and_no_derived_buffers()
    {
        var network = TestModels.Stories15M.Network;
        var state = network.state_dict();

        state.Keys.Should().BeEquivalentTo(network.named_parameters().Select(p => p.name));
        state.Keys.Should().NotContain(k => k.Contains("rotary", StringComparison.Ordinal), "the rotary frequencies are derived from the config");
        state["model.layers.2.self_attn.o_proj.weight"].Equals(network.Layers[2].SelfAttention.OProj.Weight).Should().BeTrue();
    }

    [Fact]
    public void Module_call_returns_the_same_logits_as_Forward()
    {
        using var scope = torch.NewDisposeScope();
        var network = TestModels.Stories15M.Network;
        var ids = torch.tensor(new long[] { 1, 9038, 2501, 263, 931 }, [1, 5]);

        var viaModule = network.call(ids);
        using var output = network.Forward(ids);

        viaModule.shape.Should().Equal(1, 5, network.Config.VocabSize);
        viaModule.Equals(output.Logits!).Should().BeTrue();
    }

    [Fact]
    public void A_users_own_training_loop_with_a_torchsharp_optimizer_and_a_loss_on_hooked_activations_lowers_that_loss()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath); // its own copy: this test changes weights
        var network = lm.Network;
        var trained = network.Layers[2].SelfAttention.VProj.Weight;
        trained.requires_grad_(true);
        using var optimizer = torch.optim.AdamW([trained], lr: 1e-3);
        var tokens = lm.Tokenizer.Encode("Once upon a time there was a little dog", addBos: true).Select(i => (long)i).ToArray();
        var frozenBefore = network.Layers[4].Mlp.UpProj.Weight.detach().clone();

        double Step()
        {
            using var scope = torch.NewDisposeScope();
            Tensor? resid = null;
            using (lm.Hook(HookSite.ResidPost(2), act => resid = act))
                network.Forward(torch.tensor(tokens, [1, tokens.Length]), options: new ForwardOptions { StopAfterLayer = 2 });
            var loss = resid!.square().mean(); // the user's own objective on activations
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.ToDouble();
        }

        var first = Step();
        for (var i = 0; i < 5; i++) Step();
        Step().Should().BeLessThan(first);
        trained.grad.Should().NotBeNull();
        network.Layers[4].Mlp.UpProj.Weight.Equals(frozenBefore).Should().BeTrue("untrained parameters stay as they were");
        network.Layers[4].Mlp.UpProj.Weight.requires_grad.Should().BeFalse("parameters load frozen");
    }

    [Fact]
    public void Moving_to_float64_moves_every_parameter_and_the_forward_pass_follows()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 1, 9038, 2501 }, [1, 3]);
        var before = lm.Network.call(ids);

        lm.Network.to(ScalarType.Float64);

        lm.Network.parameters().Should().OnlyContain(p => p.dtype == ScalarType.Float64);
        lm.Network.DType.Should().Be(ScalarType.Float64);
        torch.allclose(lm.Network.call(ids), before, rtol: 1e-4, atol: 1e-4).Should().BeTrue();
    }
}
