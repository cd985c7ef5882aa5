// Fused transformer ops: RMSNorm, rotary embedding, SwiGLU gating, attention and a skinny linear. Composed
// from ATen primitives each costs several passes over memory and several dispatches; on CPU float32 a direct
// loop does one pass, and all but the skinny linear carry their own backward (custom autograd functions) so
// tuning steps use them too. Other devices and dtypes run the same math composed from ATen
// ops here in C++ (float64 keeps the gradient checks on the composed path).
#include "rt_internal.h"
#include "../kernels/fused_kernels.h"
#include <torch/csrc/autograd/custom_function.h>
#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <limits>

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

// The kernels read rows (of d floats, or a mask's Tk) with unit stride.
at::Tensor unit_stride_rows(const at::Tensor& t) { return t.stride(-1) == 1 ? t : t.contiguous(); }

// A kernel's output pointer, or null for an output not wanted (an undefined tensor).
float* data_or_null(at::Tensor& t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

// Splits [0, count) across libtorch's intra-op threads only in chunks of at least kMinChunkWork
// multiply-adds (or floats touched): waking a worker costs tens of microseconds, which a decoding
// step's small ops cannot repay (parallel 288x288 projections cut generation speed by half).
constexpr int64_t kMinChunkWork = int64_t{1} << 18;

template <typename F>
void parallel_by_work(int64_t count, int64_t work_per_item, const F& f) {
  const int64_t grain = std::max<int64_t>(1, kMinChunkWork / std::max<int64_t>(work_per_item, 1));
  at::parallel_for(0, count, grain, f);
}

// Scratch floats for each intra-op thread, allocated by the calling thread: a worker that allocated its own
// would give glibc a reason to open a per-thread arena, whose freed blocks the caller never reuses.
class ThreadScratch {
 public:
  ThreadScratch(int64_t floats, const at::TensorOptions& options)
      : floats_(floats), buffer_(at::empty({at::get_num_threads(), floats}, options)) {}
  float* mine() { return buffer_.data_ptr<float>() + at::get_thread_num() * floats_; }

 private:
  int64_t floats_;
  at::Tensor buffer_;
};

#if defined(__x86_64__)
#define RT_KERNEL(name) (use_avx2() ? kernels_avx2::name : kernels_base::name)
bool use_avx2() {
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return supported;
}
#else
#define RT_KERNEL(name) kernels_base::name
#endif

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// ---- RMSNorm ----

// x, w contiguous CPU float32; fills rstd (x's shape without the last dimension) when asked.
at::Tensor rms_norm_kernel(const at::Tensor& x, const at::Tensor& w, double eps, at::Tensor* rstd) {
  auto out = at::empty_like(x);
  const int64_t d = x.size(-1), rows = d == 0 ? 0 : x.numel() / d;
  if (rstd) *rstd = at::empty(x.sizes().slice(0, x.dim() - 1), x.options());
  const float* px = x.data_ptr<float>();
  const float* pw = w.data_ptr<float>();
  float* pr = rstd ? rstd->data_ptr<float>() : nullptr;
  float* po = out.data_ptr<float>();
  parallel_by_work(rows, d, [&](int64_t b, int64_t e) {
    RT_KERNEL(rms_norm_rows)(px, pw, po, pr, b, e, d, static_cast<float>(eps));
  });
  return out;
}

struct RmsNormFunction : torch::autograd::Function<RmsNormFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w, double eps) {
    auto xc = x.contiguous();
    auto wc = w.contiguous();
    at::Tensor rstd;
    auto y = rms_norm_kernel(xc, wc, eps, &rstd);
    ctx->save_for_backward({xc, wc, rstd});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &w = saved[1], &rstd = saved[2];
    auto gy = grads[0].contiguous();
    at::Tensor gx, gw;
    if (ctx->needs_input_grad(0)) {
      gx = at::empty_like(x);
      const int64_t d = x.size(-1), rows = d == 0 ? 0 : x.numel() / d;
      const float *px = x.data_ptr<float>(), *pw = w.data_ptr<float>(), *pr = rstd.data_ptr<float>(), *pg = gy.data_ptr<float>();
      float* po = gx.data_ptr<float>();
      parallel_by_work(rows, d, [&](int64_t b, int64_t e) {
        RT_KERNEL(rms_norm_backward_rows)(px, pw, pr, pg, po, b, e, d);
      });
    }
    if (ctx->needs_input_grad(1)) gw = (gy * x * rstd.unsqueeze(-1)).reshape({-1, x.size(-1)}).sum(0);
    return {gx, gw, at::Tensor()};
  }
};

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps) {
  if (x.size(-1) != w.numel())
    throw std::invalid_argument("rms_norm: the weight has " + std::to_string(w.numel()) + " values but the input's last dimension is " + std::to_string(x.size(-1)));
  if (cpu_float({&x, &w}))
    return needs_autograd({&x, &w}) ? RmsNormFunction::apply(x, w, eps) : rms_norm_kernel(x.contiguous(), w.contiguous(), eps, nullptr);
  // Llama normalises in float32 whatever the weights' dtype (float64 stays float64, for gradient checks).
  auto x32 = x.scalar_type() == at::kDouble ? x : x.to(at::kFloat);
  auto normed = x32 * (x32.square().mean(-1, true) + eps).rsqrt();
  return normed.to(x.scalar_type()) * w;
}

// ---- rotary embedding ----

// x (B, H, T, d) CPU float32, cos/sin (B, 1, T, d); the backward pass applies the transposed rotation.
at::Tensor rotary_kernel(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin, bool transposed) {
  const int64_t B = x.size(0), H = x.size(1), Tn = x.size(2), d = x.size(3);
  auto xs = unit_stride_rows(x);
  auto cc = cos.contiguous();
  auto sc = sin.contiguous();
  auto out = at::empty({B, H, Tn, d}, x.options());
  const float* px = xs.data_ptr<float>();
  const float* pc = cc.data_ptr<float>();
  const float* ps = sc.data_ptr<float>();
  float* po = out.data_ptr<float>();
  parallel_by_work(B * H * Tn, d, [&](int64_t b, int64_t e) {
    RT_KERNEL(rotary_rows)(px, pc, ps, po, b, e, H, Tn, d, xs.stride(0), xs.stride(1), xs.stride(2), transposed);
  });
  return out;
}

struct RotaryFunction : torch::autograd::Function<RotaryFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    ctx->save_for_backward({cos, sin});
    return rotary_kernel(x, cos, sin, false);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    return {rotary_kernel(grads[0], saved[0], saved[1], true), at::Tensor(), at::Tensor()};
  }
};

at::Tensor rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  if (x.dim() != 4 || cos.dim() != 4 || x.size(-1) % 2 != 0)
    throw std::invalid_argument("rotary: expects x (B, H, T, d) with even d and cos/sin (B, 1, T, d)");
  const int64_t B = x.size(0), Tn = x.size(2), d = x.size(3);
  // The fused path differentiates with respect to x only (the tables are constants).
  if (cpu_float({&x, &cos, &sin}) && !needs_autograd({&cos, &sin}) && cos.sizes() == sin.sizes() &&
      cos.size(0) == B && cos.size(1) == 1 && cos.size(2) == Tn && cos.size(3) == d)
    return needs_autograd({&x}) ? RotaryFunction::apply(x, cos, sin) : rotary_kernel(x, cos, sin, false);
  const int64_t half = d / 2;
  auto rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

// ---- SwiGLU ----

// silu(g) u on CPU float32 in one pass; the backward needs only g and u (autograd's composition would also
// keep silu(g)) and also makes one pass.
at::Tensor swiglu_kernel(const at::Tensor& g, const at::Tensor& u) {
  auto out = at::empty_like(g);
  const float *pg = g.data_ptr<float>(), *pu = u.data_ptr<float>();
  float* po = out.data_ptr<float>();
  parallel_by_work(g.numel(), 8, [&](int64_t b, int64_t e) { RT_KERNEL(swiglu)(pg, pu, po, b, e); });
  return out;
}

struct SwigluFunction : torch::autograd::Function<SwigluFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& g, const at::Tensor& u) {
    auto gc = g.contiguous();
    auto uc = u.contiguous();
    ctx->save_for_backward({gc, uc});
    return swiglu_kernel(gc, uc);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &g = saved[0], &u = saved[1];
    auto dout = grads[0].contiguous();
    at::Tensor dg = ctx->needs_input_grad(0) ? at::empty_like(g) : at::Tensor();
    at::Tensor du = ctx->needs_input_grad(1) ? at::empty_like(u) : at::Tensor();
    const float *pg = g.data_ptr<float>(), *pu = u.data_ptr<float>(), *pd = dout.data_ptr<float>();
    float *pdg = data_or_null(dg), *pdu = data_or_null(du);
    parallel_by_work(g.numel(), 12, [&](int64_t b, int64_t e) { RT_KERNEL(swiglu_backward)(pg, pu, pd, pdg, pdu, b, e); });
    return {dg, du};
  }
};

at::Tensor swiglu(const at::Tensor& g, const at::Tensor& u) {
  if (g.sizes() != u.sizes())
    throw std::invalid_argument(c10::str("swiglu: gate ", g.sizes(), " and up ", u.sizes(), " differ in shape"));
  if (!cpu_float({&g, &u})) return at::silu(g) * u;
  return needs_autograd({&g, &u}) ? SwigluFunction::apply(g, u) : swiglu_kernel(g.contiguous(), u.contiguous());
}

// ---- attention ----

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

// q, k, v (and the mask, when defined) already have unit-stride rows; the output, and its gradient, are
// (B, Tq, H, d) contiguous.
AttentionShape attention_shape(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                               bool causal, double scale) {
  const int64_t B = q.size(0), H = q.size(1), Tq = q.size(2), d = q.size(3);
  auto strides = [](const at::Tensor& t, int64_t* out) {
    for (int i = 0; i < 3; i++) out[i] = t.defined() ? t.stride(i) : 0;
  };
  AttentionShape s{B, H, k.size(1), Tq, k.size(2), d, {}, {}, {}, {}, {Tq * H * d, d, H * d}, static_cast<float>(scale), causal};
  strides(q, s.q_s);
  strides(k, s.k_s);
  strides(v, s.v_s);
  strides(mask, s.m_s);
  return s;
}

// CPU float32 attention. Returns (B, Tq, H, d): viewed as (B, H, Tq, d) by the caller, whose transpose back
// to (B, Tq, H·d) then costs nothing. Fills probs (B, H, Tq, Tk) when asked (for the backward pass).
at::Tensor attention_kernel(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask,
                            bool causal, double scale, at::Tensor* probs) {
  const int64_t B = q.size(0), H = q.size(1), Tq = q.size(2), d = q.size(3), Hkv = k.size(1), Tk = k.size(2);
  auto qs = unit_stride_rows(q), ks = unit_stride_rows(k), vs = unit_stride_rows(v);
  at::Tensor ms;
  if (mask.defined()) ms = unit_stride_rows(mask.expand({B, H, Tq, Tk}));
  auto out = at::empty({B, Tq, H, d}, q.options());
  if (probs) *probs = at::empty({B, H, Tq, Tk}, q.options());
  const AttentionShape s = attention_shape(qs, ks, vs, ms, causal, scale);
  const float* pm = ms.defined() ? ms.data_ptr<float>() : nullptr;
  const float* pq = qs.data_ptr<float>();
  const float* pk = ks.data_ptr<float>();
  const float* pv = vs.data_ptr<float>();
  float* po = out.data_ptr<float>();
  float* pp = probs ? probs->data_ptr<float>() : nullptr;
  ThreadScratch scratch(RT_KERNEL(attention_scratch_floats)(Tk, d), q.options());
  parallel_by_work(B * Hkv, (H / Hkv) * Tq * Tk * d * 2, [&](int64_t b, int64_t e) {
    RT_KERNEL(attention_heads)(pq, pk, pv, pm, po, pp, s, b, e, scratch.mine());
  });
  return out;
}

// The forward keeps the softmax weights P; the backward kernel reads them (see attention_backward_heads).
struct AttentionFunction : torch::autograd::Function<AttentionFunction> {
  // The mask travels as an optional (a constant to autograd): libtorch 1.13 rejects undefined tensor inputs.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                            const c10::optional<at::Tensor>& mask, bool causal, double scale) {
    at::Tensor probs;
    auto out = attention_kernel(q, k, v, mask.value_or(at::Tensor()), causal, scale, &probs);
    ctx->save_for_backward({q, k, v, probs});
    ctx->saved_data["scale"] = scale;
    ctx->saved_data["causal"] = causal;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    auto q = unit_stride_rows(saved[0]), k = unit_stride_rows(saved[1]), v = unit_stride_rows(saved[2]);
    const auto& probs = saved[3];
    auto dout = grads[0].contiguous();  // (B, Tq, H, d), the output's layout
    const AttentionShape s = attention_shape(q, k, v, at::Tensor(), ctx->saved_data["causal"].toBool(), ctx->saved_data["scale"].toDouble());
    at::Tensor dq = ctx->needs_input_grad(0) ? at::empty({s.B, s.H, s.Tq, s.d}, q.options()) : at::Tensor();
    at::Tensor dk = ctx->needs_input_grad(1) ? at::empty({s.B, s.Hkv, s.Tk, s.d}, q.options()) : at::Tensor();
    at::Tensor dv = ctx->needs_input_grad(2) ? at::empty({s.B, s.Hkv, s.Tk, s.d}, q.options()) : at::Tensor();
    float *pdq = data_or_null(dq), *pdk = data_or_null(dk), *pdv = data_or_null(dv);
    const float *pq = q.data_ptr<float>(), *pk = k.data_ptr<float>(), *pv = v.data_ptr<float>(), *pp = probs.data_ptr<float>(), *pg = dout.data_ptr<float>();
    ThreadScratch scratch(RT_KERNEL(attention_backward_scratch_floats)(s.Tq, s.Tk, s.d), q.options());
    parallel_by_work(s.B * s.Hkv, (s.H / s.Hkv) * s.Tq * s.Tk * s.d * 4, [&](int64_t b, int64_t e) {
      RT_KERNEL(attention_backward_heads)(pq, pk, pv, pp, pg, pdq, pdk, pdv, s, b, e, scratch.mine());
    });
    return {dq, dk, dv, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask, bool causal, double scale) {
  if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4)
    throw std::invalid_argument("attention: expects (B, H, T, d) query, key and value");
  const int64_t B = q.size(0), H = q.size(1), d = q.size(3), Hkv = k.size(1);
  if (k.sizes() != v.sizes() || k.size(0) != B || k.size(3) != d || Hkv == 0 || H % Hkv != 0)
    throw std::invalid_argument("attention: key/value must be (B, Hkv, Tk, d) with Hkv dividing the query heads");
  const bool float_mask = !mask.defined() || mask.scalar_type() == at::kFloat;
  if (!(cpu_float({&q, &k, &v, &mask}) && float_mask && !needs_autograd({&mask})))
    return attention_composite(q, k, v, mask, causal, scale);
  auto out = needs_autograd({&q, &k, &v}) ? AttentionFunction::apply(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt, causal, scale)
                                          : attention_kernel(q, k, v, mask, causal, scale, nullptr);
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
  parallel_by_work(N, rows * K, [&](int64_t begin, int64_t end) {
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

rt_tensor rt_swiglu(rt_tensor gate, rt_tensor up) { return make([&] { return swiglu(T(gate), T(up)); }); }

rt_tensor rt_attention(rt_tensor q, rt_tensor k, rt_tensor v, rt_tensor mask, int causal, double scale) {
  return make([&] {
    at::Tensor m = mask ? T(mask) : at::Tensor();
    return attention(T(q), T(k), T(v), m, causal != 0, scale);
  });
}

}  // extern "C"
