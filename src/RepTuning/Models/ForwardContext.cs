
namespace RepTuning.Models;

/// <summary>Per-call state shared by every layer of one forward pass (masks, rotary tables, cache, hooks).</summary>
internal sealed class ForwardContext
{
    public required Tensor Positions { get; init; }      // (B, T) int64
    public required Tensor AttentionMask { get; init; }  // (B, T) int64, rows of this call
    public Tensor? AttentionBias { get; init; }          // (B, 1, T, Tpast+T) additive, 0 where a query may look; null: none
    public bool UseCausalFlag { get; init; }             // let the attention op apply the causal limit itself
    public required Tensor Cos { get; init; }            // (B, 1, T, d)
    public required Tensor Sin { get; init; }
    public required HookRegistry Hooks { get; init; }
    public KvCache? Cache { get; init; }
    public int PastLength { get; init; }

    public Tensor Hook(HookSite site, Tensor activation) =>
        Hooks.Run(site, activation, s => new HookContext(s, Positions, AttentionMask, PastLength));
}
