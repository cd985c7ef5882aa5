// Loops behind the fused ops of rt_fused.cpp. fused_kernels.cpp is compiled twice: once for baseline
// x86-64 (kernels_base) and once with AVX2+FMA (kernels_avx2); rt_fused.cpp picks one at run time, so
// the library runs on any CPU yet uses 8-wide vectors where they exist. The kernels use no C++ library
// templates: an inline function instantiated in both copies could be merged by the linker into the
// AVX2 one and then run on a CPU without AVX2.
#pragma once
#include <cstdint>

namespace rt {

struct AttentionShape {
  int64_t B, H, Hkv, Tq, Tk, d;
  // Strides of dims 0-2 (d, and the mask's keys, have unit stride); o_s is the output's, and in the backward
  // pass that of the output's gradient, which has the output's layout.
  int64_t q_s[3], k_s[3], v_s[3], m_s[3], o_s[3];
  float scale;
  bool causal;
};

#define RT_DECLARE_KERNELS(ns)                                                                               \
  namespace ns {                                                                                             \
  /* rstd (rows) may be null */                                                                              \
  void rms_norm_rows(const float* x, const float* w, float* out, float* rstd, int64_t begin, int64_t end,    \
                     int64_t d, float eps);                                                                  \
  void rms_norm_backward_rows(const float* x, const float* w, const float* rstd, const float* gy, float* gx,  \
                              int64_t begin, int64_t end, int64_t d);                                        \
  /* transposed: the backward pass (the rotation's transpose) */                                              \
  void rotary_rows(const float* x, const float* cos, const float* sin, float* out, int64_t begin,             \
                   int64_t end, int64_t H, int64_t T, int64_t d, int64_t sb, int64_t sh, int64_t st,         \
                   bool transposed);                                                                         \
  /* out = silu(g) u over elements [begin, end); the backward fills dg and du */                             \
  void swiglu(const float* g, const float* u, float* out, int64_t begin, int64_t end);                       \
  void swiglu_backward(const float* g, const float* u, const float* dout, float* dg, float* du,              \
                       int64_t begin, int64_t end);                                                          \
  /* x (M <= 8, K), w (N, K), bias (N) or null, out (M, N); output rows [begin, end) of N */                 \
  void skinny_linear(const float* x, int64_t M, int64_t K, const float* w, const float* bias, float* out,    \
                     int64_t N, int64_t begin, int64_t end);                                                 \
  int64_t attention_scratch_floats(int64_t Tk, int64_t d);                                                  \
  /* probs (B, H, Tq, Tk) may be null */                                                                     \
  void attention_heads(const float* q, const float* k, const float* v, const float* mask, float* out,        \
                       float* probs,                                                                         \
                       const AttentionShape& s, int64_t begin, int64_t end, float* scratch);                 \
  /* From the forward's probs: dq (B, H, Tq, d), dk and dv (B, Hkv, Tk, d), each contiguous or null when */   \
  /* not wanted */                                                                                            \
  int64_t attention_backward_scratch_floats(int64_t Tq, int64_t Tk, int64_t d);                              \
  void attention_backward_heads(const float* q, const float* k, const float* v, const float* probs,          \
                                const float* dout, float* dq, float* dk, float* dv, const AttentionShape& s,  \
                                int64_t begin, int64_t end, float* scratch);                                 \
  }

RT_DECLARE_KERNELS(kernels_base)
RT_DECLARE_KERNELS(kernels_avx2)

}  // namespace rt
