namespace RepTuning.Models;

/// <summary>
/// Reads or rewrites the activation at a hook site. Return <paramref name="activation"/> itself to leave
/// it unchanged, or a new tensor (same shape) to replace it downstream. Called inside the forward pass's
/// dispose scope: keep what must outlive the pass by cloning it out of the scope.
/// </summary>
/// <param name="context">Where the activation is and which absolute positions its rows hold.</param>
/// <param name="activation">(B, T, D); at <see cref="HookPoint.HeadOut"/> (B, T, H, d), or (B, T, d) for a site with a head.</param>
internal delegate Tensor ActivationHook(HookContext context, Tensor activation);

/// <summary>What a hook knows about the activation it receives.</summary>
/// <param name="Site">The hook site.</param>
/// <param name="Positions">(B, T) int64 absolute token positions (padding-aware) of the rows.</param>
/// <param name="AttentionMask">(B, T) int64, 1 for real tokens and 0 for padding, of the rows.</param>
/// <param name="PastLength">Tokens already in the KV cache before this call (0 without a cache).</param>
internal sealed record HookContext(HookSite Site, Tensor Positions, Tensor AttentionMask, int PastLength);
