// Loops for RMSNorm, rotary embedding, SwiGLU gating, the skinny linear and attention on float32 (see fused_kernels.h for why this file is
// compiled twice). Built with -O3 -fno-trapping-math: without the latter GCC will not if-convert the
// clamps and selects below, and the loops stay scalar.
#include "fused_kernels.h"

namespace rt {
namespace RT_KERNEL_NAMESPACE {
namespace {

// Mask values at or below this count as "never attend": the key gets weight exactly 0, and keys past the
// causal limit are not computed at all, so causal masks save work rather than add it.
constexpr float kMasked = -1e30f;
constexpr float kLowest = -3.40282347e38f;

inline float maxf(float a, float b) { return a > b ? a : b; }

// Eight independent partial sums let the compiler vectorise a float reduction without -ffast-math.
inline float dot(const float* __restrict a, const float* __restrict b, int64_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int u = 0; u < 8; u++) acc[u] += a[k + u] * b[k + u];
  float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; k < n; k++) s += a[k] * b[k];
  return s;
}

inline float sum(const float* __restrict a, int64_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int u = 0; u < 8; u++) acc[u] += a[k + u];
  float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; k < n; k++) s += a[k];
  return s;
}

inline float max_of(const float* __restrict a, int64_t n) {
  float best[8] = {kLowest, kLowest, kLowest, kLowest, kLowest, kLowest, kLowest, kLowest};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int u = 0; u < 8; u++) best[u] = maxf(best[u], a[k + u]);
  for (; k < n; k++) best[0] = maxf(best[0], a[k]);
  float m = best[0];
  for (int u = 1; u < 8; u++) m = maxf(m, best[u]);
  return m;
}

// exp(x) for x <= 0 as straight-line float arithmetic (Cephes' polynomial, about 1 ulp) so it vectorises;
// libm's expf is a scalar call and cost a third of the attention time.
inline float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const int32_t ni = static_cast<int32_t>(x * 1.44269504088896341f - 0.5f);  // x <= 0: truncation rounds to nearest
  const float n = static_cast<float>(ni);
  const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  return p * __builtin_bit_cast(float, (ni + 127) << 23);
}

// sigmoid(x) from exp of a non-positive argument only, so it neither overflows nor leaves the vector loop.
inline float sigmoid(float x) {
  const float e = exp_nonpositive(x < 0.0f ? x : -x);
  const float r = 1.0f / (1.0f + e);
  return x < 0.0f ? e * r : r;
}

// Softmax weights over n scores in place of w (masked keys get exactly 0); false when every key is masked.
inline bool softmax_weights(float* __restrict sc, float* __restrict w, const float* __restrict mask, int64_t n) {
  for (int64_t j = 0; j < n; j++) {
    const float m = mask ? mask[j] : 0.0f;
    w[j] = m > kMasked ? 1.0f : 0.0f;
    sc[j] = m > kMasked ? sc[j] + m : kLowest;
  }
  const float top = max_of(sc, n);
  for (int64_t j = 0; j < n; j++) w[j] *= exp_nonpositive(sc[j] - top);
  const float total = sum(w, n);
  if (total == 0.0f) return false;
  const float inv = 1.0f / total;
  for (int64_t j = 0; j < n; j++) w[j] *= inv;
  return true;
}

}  // namespace

void rms_norm_rows(const float* x, const float* w, float* out, float* rstd, int64_t begin, int64_t end, int64_t d, float eps) {
  for (int64_t r = begin; r < end; r++) {
    const float* __restrict xr = x + r * d;
    float* __restrict o = out + r * d;
    const float scale = 1.0f / __builtin_sqrtf(dot(xr, xr, d) / static_cast<float>(d) + eps);
    if (rstd) rstd[r] = scale;
    for (int64_t k = 0; k < d; k++) o[k] = xr[k] * scale * w[k];
  }
}

// y = x r w with r = 1 / sqrt(mean(x^2) + eps): dx = r (g w) - x r^3 mean((g w) x).
void rms_norm_backward_rows(const float* x, const float* w, const float* rstd, const float* gy, float* gx, int64_t begin, int64_t end, int64_t d) {
  for (int64_t r = begin; r < end; r++) {
    const float* __restrict xr = x + r * d;
    const float* __restrict g = gy + r * d;
    float* __restrict o = gx + r * d;
    const float s = rstd[r];
    for (int64_t k = 0; k < d; k++) o[k] = g[k] * w[k];  // g w, reused below
    const float c = s * s * s * dot(o, xr, d) / static_cast<float>(d);
    for (int64_t k = 0; k < d; k++) o[k] = s * o[k] - xr[k] * c;
  }
}

// x (B, H, T, d) with unit stride on d; cos/sin (B, 1, T, d) contiguous; out (B, H, T, d) contiguous.
// Forward: y1 = x1 c1 - x2 s1, y2 = x2 c2 + x1 s2. The rotation is linear in x, and the backward pass
// applies its transpose: dx1 = g1 c1 + g2 s2, dx2 = g2 c2 - g1 s1.
void rotary_rows(const float* x, const float* cos, const float* sin, float* out, int64_t begin, int64_t end,
                 int64_t H, int64_t T, int64_t d, int64_t sb, int64_t sh, int64_t st, bool transposed) {
  const int64_t half = d / 2;
  const float sign = transposed ? 1.0f : -1.0f;
  const int64_t first = transposed ? half : 0, second = transposed ? 0 : half;  // which half of sin each output uses
  for (int64_t row = begin; row < end; row++) {
    const int64_t t = row % T, h = (row / T) % H, b = row / (T * H);
    const float* __restrict xr = x + b * sb + h * sh + t * st;
    const float* __restrict c = cos + (b * T + t) * d;
    const float* __restrict s = sin + (b * T + t) * d;
    float* __restrict o = out + row * d;
    for (int64_t k = 0; k < half; k++) o[k] = xr[k] * c[k] + sign * xr[k + half] * s[k + first];
    for (int64_t k = 0; k < half; k++) o[k + half] = xr[k + half] * c[k + half] - sign * xr[k] * s[k + second];
  }
}

void swiglu(const float* g, const float* u, float* out, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; i++) out[i] = g[i] * sigmoid(g[i]) * u[i];
}

// d silu(g) / dg = s (1 + g (1 - s)) with s = sigmoid(g).
void swiglu_backward(const float* g, const float* u, const float* dout, float* dg, float* du, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; i++) {
    const float s = sigmoid(g[i]);
    if (dg) dg[i] = dout[i] * u[i] * s * (1.0f + g[i] * (1.0f - s));
    if (du) du[i] = dout[i] * g[i] * s;
  }
}

namespace {

// Eight floats as one value (GCC vector extension: one AVX register, or two SSE registers in the baseline
// build). Accumulating in registers explicitly; left to the auto-vectoriser, the accumulators were spilled
// to the stack and every FMA waited on a store.
typedef float f8 __attribute__((vector_size(32), aligned(4), may_alias));

inline f8 load8(const float* p) { return *reinterpret_cast<const f8*>(p); }
inline void store8(float* p, f8 x) { *reinterpret_cast<f8*>(p) = x; }
inline f8 splat8(float x) { return f8{x, x, x, x, x, x, x, x}; }

// Keys per block of scores: 8 registers, enough independent FMAs to hide their latency.
constexpr int64_t kKeyBlock = 64;

inline int64_t round_up(int64_t n, int64_t m) { return (n + m - 1) / m * m; }

// sc[j] = scale * q . k_j for j < n, in whole blocks (keys_t is (d, ld), zero-padded beyond the keys).
inline void scores(const float* qi, const float* keys_t, float* sc, int64_t n, int64_t d, int64_t ld, float scale) {
  for (int64_t j0 = 0; j0 < n; j0 += kKeyBlock) {
    f8 a[8] = {};
    for (int64_t c = 0; c < d; c++) {
      const f8 qc = splat8(qi[c] * scale);
      const float* kt = keys_t + c * ld + j0;
      for (int u = 0; u < 8; u++) a[u] += qc * load8(kt + 8 * u);
    }
    for (int u = 0; u < 8; u++) store8(sc + j0 + 8 * u, a[u]);
  }
}

// o[c0, c0 + 8R) = sum_j w_j v_j[c0, c0 + 8R) over j < n, two keys per step so 2R sums are in flight.
template <int R>
inline void weighted_values_block(const float* w, const float* vb, int64_t v_stride, float* o, int64_t n, int64_t c0) {
  f8 even[R] = {}, odd[R] = {};
  int64_t j = 0;
  for (; j + 2 <= n; j += 2) {
    const f8 p0 = splat8(w[j]), p1 = splat8(w[j + 1]);
    const float* v0 = vb + j * v_stride + c0;
    const float* v1 = v0 + v_stride;
    for (int r = 0; r < R; r++) {
      even[r] += p0 * load8(v0 + 8 * r);
      odd[r] += p1 * load8(v1 + 8 * r);
    }
  }
  if (j < n) {
    const f8 p = splat8(w[j]);
    for (int r = 0; r < R; r++) even[r] += p * load8(vb + j * v_stride + c0 + 8 * r);
  }
  for (int r = 0; r < R; r++) store8(o + c0 + 8 * r, even[r] + odd[r]);
}

// o = sum_j w_j v_j over j < n.
inline void weighted_values(const float* w, const float* vb, int64_t v_stride, float* o, int64_t n, int64_t d) {
  int64_t c0 = 0;
  for (; c0 + 32 <= d; c0 += 32) weighted_values_block<4>(w, vb, v_stride, o, n, c0);
  for (; c0 + 8 <= d; c0 += 8) weighted_values_block<1>(w, vb, v_stride, o, n, c0);
  for (; c0 < d; c0++) {
    float acc = 0;
    for (int64_t j = 0; j < n; j++) acc += w[j] * vb[j * v_stride + c0];
    o[c0] = acc;
  }
}

inline float horizontal_sum(f8 a) { return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])); }

// out[m, n] = x_m . w_n (+ bias_n) for M rows of x at once, so each weight row is read from memory once.
// U partial sums per row of x keep M * U >= 8 multiply-adds in flight (a single chain waits on each one).
template <int M>
inline void skinny_rows(const float* x, int64_t K, const float* w, const float* bias, float* out, int64_t N, int64_t begin, int64_t end) {
  constexpr int U = M >= 8 ? 1 : 8 / M;
  for (int64_t n = begin; n < end; n++) {
    const float* wn = w + n * K;
    f8 acc[M][U] = {};
    int64_t k = 0;
    for (; k + 8 * U <= K; k += 8 * U)
      for (int u = 0; u < U; u++) {
        const f8 wk = load8(wn + k + 8 * u);
        for (int m = 0; m < M; m++) acc[m][u] += load8(x + m * K + k + 8 * u) * wk;
      }
    for (; k + 8 <= K; k += 8) {
      const f8 wk = load8(wn + k);
      for (int m = 0; m < M; m++) acc[m][0] += load8(x + m * K + k) * wk;
    }
    for (int m = 0; m < M; m++) {
      f8 folded = acc[m][0];
      for (int u = 1; u < U; u++) folded += acc[m][u];
      float total = horizontal_sum(folded);
      for (int64_t r = k; r < K; r++) total += x[m * K + r] * wn[r];
      out[m * N + n] = bias ? total + bias[n] : total;
    }
  }
}

}  // namespace

void skinny_linear(const float* x, int64_t M, int64_t K, const float* w, const float* bias, float* out, int64_t N,
                   int64_t begin, int64_t end) {
  switch (M) {
    case 1: skinny_rows<1>(x, K, w, bias, out, N, begin, end); break;
    case 2: skinny_rows<2>(x, K, w, bias, out, N, begin, end); break;
    case 3: skinny_rows<3>(x, K, w, bias, out, N, begin, end); break;
    case 4: skinny_rows<4>(x, K, w, bias, out, N, begin, end); break;
    case 5: skinny_rows<5>(x, K, w, bias, out, N, begin, end); break;
    case 6: skinny_rows<6>(x, K, w, bias, out, N, begin, end); break;
    case 7: skinny_rows<7>(x, K, w, bias, out, N, begin, end); break;
    default: skinny_rows<8>(x, K, w, bias, out, N, begin, end); break;
  }
}

int64_t attention_scratch_floats(int64_t Tk, int64_t d) { return round_up(Tk, kKeyBlock) * (d + 2); }

namespace {

// Copies rows (n, d) with row stride `stride` into (d, ld) columns, zero beyond n, for scores().
inline void transpose_rows(const float* rows, int64_t stride, float* out, int64_t n, int64_t d, int64_t ld) {
  for (int64_t c = 0; c < d; c++) {
    for (int64_t j = 0; j < n; j++) out[c * ld + j] = rows[j * stride + c];
    for (int64_t j = n; j < ld; j++) out[c * ld + j] = 0.0f;
  }
}

// Keys a query may see: all Tk, or up to its bottom-right causal limit.
inline int64_t visible_keys(const AttentionShape& s, int64_t i) {
  const int64_t limit = s.Tk - s.Tq + i + 1;
  return s.causal && limit < s.Tk ? (limit > 0 ? limit : 0) : s.Tk;
}

}  // namespace

// One task = a (b, kv head) pair: every query head of its group, every query row. The keys are transposed
// once per task so scores are computed for a block of contiguous keys at a time.
void attention_heads(const float* q, const float* k, const float* v, const float* mask, float* out, float* probs,
                     const AttentionShape& s, int64_t begin, int64_t end, float* scratch) {
  const int64_t Tk = s.Tk, Tq = s.Tq, d = s.d, group = s.H / s.Hkv, ld = round_up(Tk, kKeyBlock);
  float* __restrict keys_t = scratch;  // (d, ld), zero beyond Tk
  float* __restrict sc = scratch + ld * d;
  float* __restrict w = sc + ld;
  for (int64_t task = begin; task < end; task++) {
    const int64_t b = task / s.Hkv, hk = task % s.Hkv;
    const float* kb = k + b * s.k_s[0] + hk * s.k_s[1];
    const float* vb = v + b * s.v_s[0] + hk * s.v_s[1];
    transpose_rows(kb, s.k_s[2], keys_t, Tk, d, ld);
    for (int64_t h = hk * group; h < (hk + 1) * group; h++) {
      for (int64_t i = 0; i < Tq; i++) {
        const float* qi = q + b * s.q_s[0] + h * s.q_s[1] + i * s.q_s[2];
        const float* mi = mask ? mask + b * s.m_s[0] + h * s.m_s[1] + i * s.m_s[2] : nullptr;
        float* o = out + b * s.o_s[0] + h * s.o_s[1] + i * s.o_s[2];
        // Causal alignment is bottom-right (query i of Tq sees keys up to Tk - Tq + i), as decoding needs.
        const int64_t n = visible_keys(s, i);
        scores(qi, keys_t, sc, n, d, ld, s.scale);
        const bool any = softmax_weights(sc, w, mi, n);
        if (probs) {  // (B, H, Tq, Tk) contiguous, for the backward pass; keys past the causal limit get 0
          float* __restrict pr = probs + ((b * s.H + h) * Tq + i) * Tk;
          for (int64_t j = 0; j < Tk; j++) pr[j] = any && j < n ? w[j] : 0.0f;
        }
        if (!any) {  // nothing to attend to (a padding query): zeros
          for (int64_t c = 0; c < d; c++) o[c] = 0.0f;
          continue;
        }
        weighted_values(w, vb, s.v_s[2], o, n, d);
      }
    }
  }
}

int64_t attention_backward_scratch_floats(int64_t Tq, int64_t Tk, int64_t d) {
  const int64_t ld = round_up(Tk, kKeyBlock);
  return ld * d + Tq * ld + Tq + d;
}

// With P the forward's weights and dO the output's gradient: dP_ij = dO_i . v_j,
// dS_ij = P_ij (dP_ij - sum_j P_ij dP_ij), dQ_i = scale sum_j dS_ij k_j, and per key j, over the queries
// that see it, dV_j = sum_i P_ij dO_i and dK_j = scale sum_i dS_ij q_i. Each is a weighted sum of rows,
// accumulated in registers (weighted_values) rather than scattered into dK/dV one query at a time. Keys past
// the causal limit are skipped. A task owns its key head's rows of dK and dV, summed over the head's group.
void attention_backward_heads(const float* q, const float* k, const float* v, const float* probs, const float* dout,
                              float* dq, float* dk, float* dv, const AttentionShape& s, int64_t begin, int64_t end,
                              float* scratch) {
  const int64_t Tk = s.Tk, Tq = s.Tq, d = s.d, group = s.H / s.Hkv, ld = round_up(Tk, kKeyBlock);
  float* __restrict values_t = scratch;       // (d, ld), zero beyond Tk
  float* __restrict dscores = values_t + ld * d;  // (Tq, ld): dS of one head, zero past each row's limit
  float* __restrict column = dscores + Tq * ld;   // (Tq): one key's weights over the queries
  float* __restrict row = column + Tq;            // (d)
  // The first query that sees key j.
  auto first_query = [&](int64_t j) {
    const int64_t i0 = s.causal ? j - (Tk - Tq) : 0;
    return i0 > 0 ? i0 : 0;
  };
  // out_j (+)= sum_{i >= i0} w_i x_i for every key j, w_i = weights[i * w_stride + j]; x rows at `rows`.
  auto per_key_sums = [&](const float* weights, int64_t w_stride, const float* rows, int64_t row_stride, float* out, bool add) {
    for (int64_t j = 0; j < Tk; j++) {
      const int64_t i0 = first_query(j);
      if (i0 >= Tq) {
        if (!add)
          for (int64_t c = 0; c < d; c++) out[j * d + c] = 0.0f;
        continue;
      }
      for (int64_t i = i0; i < Tq; i++) column[i] = weights[i * w_stride + j];
      weighted_values(column + i0, rows + i0 * row_stride, row_stride, row, Tq - i0, d);
      for (int64_t c = 0; c < d; c++) out[j * d + c] = add ? out[j * d + c] + row[c] : row[c];
    }
  };
  for (int64_t task = begin; task < end; task++) {
    const int64_t b = task / s.Hkv, hk = task % s.Hkv;
    const float* kb = k + b * s.k_s[0] + hk * s.k_s[1];
    const float* vb = v + b * s.v_s[0] + hk * s.v_s[1];
    if (dq || dk) transpose_rows(vb, s.v_s[2], values_t, Tk, d, ld);
    for (int64_t h = hk * group; h < (hk + 1) * group; h++) {
      const bool add = h != hk * group;
      const float* ph = probs + (b * s.H + h) * Tq * Tk;
      const float* gh = dout + b * s.o_s[0] + h * s.o_s[1];
      if (dv) per_key_sums(ph, Tk, gh, s.o_s[2], dv + task * Tk * d, add);
      if (!(dq || dk)) continue;
      for (int64_t i = 0; i < Tq; i++) {
        const float* pi = ph + i * Tk;
        float* ds = dscores + i * ld;
        const int64_t n = visible_keys(s, i);
        scores(gh + i * s.o_s[2], values_t, ds, n, d, ld, 1.0f);
        const float weighted = dot(pi, ds, n);
        for (int64_t j = 0; j < n; j++) ds[j] = s.scale * pi[j] * (ds[j] - weighted);
        for (int64_t j = n; j < Tk; j++) ds[j] = 0.0f;
        if (dq) weighted_values(ds, kb, s.k_s[2], dq + ((b * s.H + h) * Tq + i) * d, n, d);
      }
      if (dk) per_key_sums(dscores, ld, q + b * s.q_s[0] + h * s.q_s[1], s.q_s[2], dk + task * Tk * d, add);
    }
  }
}

}  // namespace RT_KERNEL_NAMESPACE
}  // namespace rt
