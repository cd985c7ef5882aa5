// Fused transformer kernels: RMSNorm, rotary embedding and attention. Composed from ATen primitives each
// costs several passes over memory and several dispatches; for inference on CPU float32 (no autograd
// needed) a direct loop does one pass. Everything else (autograd, CUDA, other dtypes) runs the same math
// composed from ATen ops here in C++, so gradients and devices keep working.
#include "rt_internal.h"
#include "../kernels/fused_kernels.h"
#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace rt;

namespace {

bool needs_autograd(std::initializer_list<const at::Tensor*> ts) {
  if (!at::GradMode::is_enabled()) return false;
  for (auto* t : ts)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}

bool cpu_float(std::initializer_list<const at::Tensor*> ts) {
  for (auto* t : ts)
    if (t->defined() && (!t->device().is_cpu() || t->scalar_type() != at::kFloat)) return false;
  return true;
}

#if defined(__x86_64__)
#define RT_KERNEL(name) (use_avx2() ? kernels_avx2::name : kernels_base::name)
bool use_avx2() {
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return supported;
}
#else
#define RT_KERNEL(name) kernels_base::name
#endif

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps) {
  if (x.size(-1) != w.numel())
    throw std::invalid_argument("rms_norm: the weight has " + std::to_string(w.numel()) + " values but the input's last dimension is " + std::to_string(x.size(-1)));
  if (cpu_float({&x, &w}) && !needs_autograd({&x, &w})) {
    auto xc = x.contiguous();
    auto wc = w.contiguous();
    auto out = at::empty_like(xc);
    const int64_t d = xc.size(-1), rows = d == 0 ? 0 : xc.numel() / d;
    const float* px = xc.data_ptr<float>();
    const float* pw = wc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / std::max<int64_t>(d, 1)), [&](int64_t b, int64_t e) {
      RT_KERNEL(rms_norm_rows)(px, pw, po, b, e, d, static_cast<float>(eps));
    });
    return out;
  }
  // Llama normalises in float32 whatever the weights' dtype (float64 stays float64, for gradient checks).
  auto x32 = x.scalar_type() == at::kDouble ? x : x.to(at::kFloat);
  auto normed = x32 * (x32.square().mean(-1, true) + eps).rsqrt();
  return normed.to(x.scalar_type()) * w;
}

at::Tensor rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  if (x.dim() != 4 || cos.dim() != 4 || x.size(-1) % 2 != 0)
    throw std::invalid_argument("rotary: expects x (B, H, T, d) with even d and cos/sin (B, 1, T, d)");
  const int64_t B = x.size(0), H = x.size(1), Tn = x.size(2), d = x.size(3);
  if (cpu_float({&x, &cos, &sin}) && !needs_autograd({&x, &cos, &sin}) && cos.sizes() == sin.sizes() &&
      cos.size(0) == B && cos.size(1) == 1 && cos.size(2) == Tn && cos.size(3) == d) {
    auto xs = x.stride(3) == 1 ? x : x.contiguous();
    auto cc = cos.contiguous();
    auto sc = sin.contiguous();
    auto out = at::empty({B, H, Tn, d}, x.options());
    const float* px = xs.data_ptr<float>();
    const float* pc = cc.data_ptr<float>();
    const float* ps = sc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    at::parallel_for(0, B * H * Tn, std::max<int64_t>(1, 16384 / d), [&](int64_t b, int64_t e) {
      RT_KERNEL(rotary_rows)(px, pc, ps, po, b, e, H, Tn, d, xs.stride(0), xs.stride(1), xs.stride(2));
    });
    return out;
  }
  const int64_t half = d / 2;
  auto rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

at::Tensor attention_composite(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                               bool causal, double scale) {
  auto key = k, value = v;
  if (k.size(1) != q.size(1)) {  // grouped key/value heads serve H / Hkv query heads each
    key = k.repeat_interleave(q.size(1) / k.size(1), 1);
    value = v.repeat_interleave(q.size(1) / k.size(1), 1);
  }
  auto scores = at::matmul(q, key.transpose(-2, -1)) * scale;
  if (causal) {
    const int64_t tq = q.size(-2), tk = k.size(-2);
    auto future = at::ones({tq, tk}, q.options().dtype(at::kBool)).triu(tk - tq + 1);
    scores = scores.masked_fill(future, -std::numeric_limits<double>::infinity());
  }
  if (mask.defined())
    scores = mask.scalar_type() == at::kBool ? scores.masked_fill(mask.logical_not(), -std::numeric_limits<double>::infinity())
                                             : scores + mask;
  return at::matmul(scores.softmax(-1), value);
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask, bool causal, double scale) {
  if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4)
    throw std::invalid_argument("attention: expects (B, H, T, d) query, key and value");
  const int64_t B = q.size(0), H = q.size(1), Tq = q.size(2), d = q.size(3), Hkv = k.size(1), Tk = k.size(2);
  if (k.sizes() != v.sizes() || k.size(0) != B || k.size(3) != d || Hkv == 0 || H % Hkv != 0)
    throw std::invalid_argument("attention: key/value must be (B, Hkv, Tk, d) with Hkv dividing the query heads");
  const bool float_mask = !mask.defined() || mask.scalar_type() == at::kFloat;
  if (!(cpu_float({&q, &k, &v, &mask}) && float_mask && !needs_autograd({&q, &k, &v, &mask})))
    return attention_composite(q, k, v, mask, causal, scale);

  auto qs = q.stride(3) == 1 ? q : q.contiguous();
  auto ks = k.stride(3) == 1 ? k : k.contiguous();
  auto vs = v.stride(3) == 1 ? v : v.contiguous();
  at::Tensor ms;
  if (mask.defined()) {
    ms = mask.expand({B, H, Tq, Tk});
    if (ms.stride(3) != 1) ms = ms.contiguous();
  }
  // Written as (B, Tq, H, d) and returned as a (B, H, Tq, d) view: the caller's transpose back to
  // (B, Tq, H·d) then costs nothing.
  auto out = at::empty({B, Tq, H, d}, q.options());
  AttentionShape s{B, H, Hkv, Tq, Tk, d,
                   {qs.stride(0), qs.stride(1), qs.stride(2)},
                   {ks.stride(0), ks.stride(1), ks.stride(2)},
                   {vs.stride(0), vs.stride(1), vs.stride(2)},
                   {ms.defined() ? ms.stride(0) : 0, ms.defined() ? ms.stride(1) : 0, ms.defined() ? ms.stride(2) : 0},
                   {Tq * H * d, d, H * d},
                   static_cast<float>(scale), causal};
  const float* pm = ms.defined() ? ms.data_ptr<float>() : nullptr;
  const float* pq = qs.data_ptr<float>();
  const float* pk = ks.data_ptr<float>();
  const float* pv = vs.data_ptr<float>();
  float* po = out.data_ptr<float>();
  at::parallel_for(0, B * Hkv, 1, [&](int64_t b, int64_t e) {
    std::vector<float> scratch(static_cast<size_t>(RT_KERNEL(attention_scratch_floats)(Tk, d)));
    RT_KERNEL(attention_heads)(pq, pk, pv, pm, po, s, b, e, scratch.data());
  });
  return out.transpose(1, 2);
}

// Rows of x at or below this use the skinny kernel: a GEMM would first pack all of W, which costs more
// than the product itself when only a few rows (decoding, draft verification) multiply it.
constexpr int64_t kSkinnyRows = 8;

at::Tensor skinny_or_gemm_linear(const at::Tensor& x, const at::Tensor& w, const c10::optional<at::Tensor>& bias) {
  const at::Tensor b = bias.value_or(at::Tensor());
  const int64_t K = x.dim() > 0 ? x.size(-1) : 0, rows = K > 0 ? x.numel() / K : 0;
  if (!(x.dim() >= 1 && w.dim() == 2 && w.size(1) == K && rows >= 1 && rows <= kSkinnyRows && cpu_float({&x, &w, &b}) &&
        !needs_autograd({&x, &w, &b}) && (!b.defined() || b.numel() == w.size(0))))
    return at::linear(x, w, bias);
  auto xc = x.contiguous();
  auto wc = w.contiguous();
  auto bc = b.defined() ? b.contiguous() : b;
  const int64_t N = w.size(0);
  auto shape = x.sizes().vec();
  shape.back() = N;
  auto out = at::empty(shape, x.options());
  const float* px = xc.data_ptr<float>();
  const float* pw = wc.data_ptr<float>();
  const float* pb = bc.defined() ? bc.data_ptr<float>() : nullptr;
  float* po = out.data_ptr<float>();
  // Decoding is bound by memory bandwidth, which a second core adds to even for small matrices.
  at::parallel_for(0, N, std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(K, 1)), [&](int64_t begin, int64_t end) {
    RT_KERNEL(skinny_linear)(px, rows, K, pw, pb, po, N, begin, end);
  });
  return out;
}

}  // namespace

extern "C" {

rt_tensor rt_linear(rt_tensor x, rt_tensor w, rt_tensor bias) {
  return make([&] {
    c10::optional<at::Tensor> b = bias ? c10::optional<at::Tensor>(T(bias)) : c10::nullopt;
    return skinny_or_gemm_linear(T(x), T(w), b);
  });
}

rt_tensor rt_rms_norm(rt_tensor x, rt_tensor weight, double eps) { return make([&] { return rms_norm(T(x), T(weight), eps); }); }

rt_tensor rt_rotary(rt_tensor x, rt_tensor cos, rt_tensor sin) { return make([&] { return rotary(T(x), T(cos), T(sin)); }); }

rt_tensor rt_attention(rt_tensor q, rt_tensor k, rt_tensor v, rt_tensor mask, int causal, double scale) {
  return make([&] {
    at::Tensor m = mask ? T(mask) : at::Tensor();
    return attention(T(q), T(k), T(v), m, causal != 0, scale);
  });
}

}  // extern "C"
