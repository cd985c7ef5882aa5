// C ABI of the RepTuning libtorch shim.
//
// Conventions (the C# side relies on them):
// - A tensor is an opaque handle owning one at::Tensor (heap-allocated); rt_free releases it.
// - Functions returning a handle return NULL on failure; functions returning int return 0 on
//   success and -1 on failure. After a failure rt_last_error() holds the message (thread-local).
// - No C++ exception ever leaves an entry point.
// - dtype codes are c10::ScalarType values (as TorchSharp's ScalarType); device types are
//   c10::DeviceType values (0 = CPU, 1 = CUDA).
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RT_API __attribute__((visibility("default")))

typedef void* rt_tensor;
typedef void* rt_generator;

// ---- errors and globals ----
RT_API const char* rt_last_error(void);
RT_API const char* rt_version(void);
RT_API int rt_manual_seed(int64_t seed);
RT_API int rt_set_num_threads(int n);
RT_API int rt_get_num_threads(void);
RT_API int rt_cuda_device_count(void);
RT_API int rt_grad_enabled(void);
RT_API int rt_set_grad_enabled(int enabled);  // returns the previous state
RT_API double rt_bench_matmul_native(int64_t n, int iterations);  // seconds per matmul, timed in C++

// ---- lifetime and properties ----
RT_API void rt_free(rt_tensor t);
RT_API int rt_dim(rt_tensor t);
RT_API int rt_shape(rt_tensor t, int64_t* out);  // out has rt_dim entries
RT_API int rt_dtype(rt_tensor t);
RT_API int rt_device(rt_tensor t, int* type, int* index);
RT_API int rt_requires_grad(rt_tensor t);
RT_API int rt_is_leaf(rt_tensor t);
RT_API int rt_item(rt_tensor t, double* out);
RT_API int rt_item_int64(rt_tensor t, int64_t* out);  // exact for integers beyond 2^53
// Copies the elements (after conversion to a contiguous CPU tensor) into dst; nbytes must match.
RT_API int rt_copy_to(rt_tensor t, void* dst, int64_t nbytes);
RT_API int rt_equal(rt_tensor a, rt_tensor b);  // 1 equal, 0 not, -1 error

// ---- creation ----
RT_API rt_tensor rt_from_data(const void* data, const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
// kind: 0 empty, 1 zeros, 2 ones, 3 full(value)
RT_API rt_tensor rt_new(int kind, const int64_t* shape, int ndim, int dtype, int device_type, int device_index, double value);
RT_API rt_tensor rt_arange(double start, double end, double step, int dtype, int device_type, int device_index);
RT_API rt_generator rt_generator_new(int64_t seed);
RT_API void rt_generator_free(rt_generator g);
// kind: 0 randn, 1 rand (uniform [0,1)); gen may be NULL (global generator)
RT_API rt_tensor rt_random(int kind, const int64_t* shape, int ndim, int dtype, int device_type, int device_index, rt_generator gen);
RT_API rt_tensor rt_multinomial(rt_tensor probs, int64_t n, int replacement, rt_generator gen);
RT_API rt_tensor rt_to(rt_tensor t, int dtype, int device_type, int device_index);
RT_API rt_tensor rt_clone(rt_tensor t);
RT_API rt_tensor rt_contiguous(rt_tensor t);
RT_API rt_tensor rt_alias(rt_tensor t);  // a second handle to the same tensor

// ---- elementwise ----
RT_API rt_tensor rt_unary(int op, rt_tensor a);
RT_API rt_tensor rt_binary(int op, rt_tensor a, rt_tensor b);
RT_API rt_tensor rt_binary_scalar(int op, rt_tensor a, double s, int integral);
RT_API int rt_binary_(int op, rt_tensor a, rt_tensor b);  // in place on a
RT_API int rt_binary_scalar_(int op, rt_tensor a, double s, int integral);
RT_API rt_tensor rt_clamp(rt_tensor a, double min, double max, int has_min, int has_max);
RT_API rt_tensor rt_where(rt_tensor cond, rt_tensor a, rt_tensor b);
RT_API rt_tensor rt_masked_fill(rt_tensor a, rt_tensor mask, double value);
RT_API int rt_copy_(rt_tensor dst, rt_tensor src);
RT_API int rt_fill_(rt_tensor a, double value);

// ---- reductions ----
RT_API rt_tensor rt_reduce(int op, rt_tensor a, const int64_t* dims, int ndims, int keepdim);
RT_API int rt_max_dim(rt_tensor a, int64_t dim, int keepdim, rt_tensor* values, rt_tensor* indices);
RT_API int rt_topk(rt_tensor a, int64_t k, int64_t dim, int largest, rt_tensor* values, rt_tensor* indices);
RT_API int rt_sort(rt_tensor a, int64_t dim, int descending, rt_tensor* values, rt_tensor* indices);
RT_API rt_tensor rt_cumsum(rt_tensor a, int64_t dim);
RT_API rt_tensor rt_norm(rt_tensor a, double p, const int64_t* dims, int ndims, int keepdim);

// ---- linear algebra ----
RT_API rt_tensor rt_matmul(rt_tensor a, rt_tensor b);
RT_API rt_tensor rt_bmm(rt_tensor a, rt_tensor b);
// x (*, in) W^T (+ bias): up to 8 rows of x on CPU float32 without autograd stream W once (rt_fused.cpp).
RT_API rt_tensor rt_linear(rt_tensor x, rt_tensor w, rt_tensor bias /* nullable */);
RT_API int rt_svd(rt_tensor a, int full_matrices, rt_tensor* u, rt_tensor* s, rt_tensor* vh);

// ---- shape and indexing ----
RT_API rt_tensor rt_reshape(rt_tensor a, const int64_t* shape, int ndim);
RT_API rt_tensor rt_view(rt_tensor a, const int64_t* shape, int ndim);
RT_API rt_tensor rt_expand(rt_tensor a, const int64_t* shape, int ndim);
RT_API rt_tensor rt_permute(rt_tensor a, const int64_t* dims, int ndim);
RT_API rt_tensor rt_transpose(rt_tensor a, int64_t d0, int64_t d1);
RT_API rt_tensor rt_squeeze(rt_tensor a, int64_t dim);
RT_API rt_tensor rt_unsqueeze(rt_tensor a, int64_t dim);
RT_API rt_tensor rt_flatten(rt_tensor a, int64_t start, int64_t end);
RT_API rt_tensor rt_slice(rt_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step);
RT_API rt_tensor rt_narrow(rt_tensor a, int64_t dim, int64_t start, int64_t length);
RT_API rt_tensor rt_select(rt_tensor a, int64_t dim, int64_t index);
RT_API rt_tensor rt_index_select(rt_tensor a, int64_t dim, rt_tensor index);
RT_API rt_tensor rt_gather(rt_tensor a, int64_t dim, rt_tensor index);
RT_API rt_tensor rt_scatter(rt_tensor a, int64_t dim, rt_tensor index, rt_tensor src);
RT_API rt_tensor rt_index_put(rt_tensor a, rt_tensor mask_or_index, rt_tensor values);
RT_API rt_tensor rt_masked_select(rt_tensor a, rt_tensor mask);
RT_API rt_tensor rt_cat(const rt_tensor* ts, int n, int64_t dim);
RT_API rt_tensor rt_stack(const rt_tensor* ts, int n, int64_t dim);
RT_API rt_tensor rt_tril(rt_tensor a, int64_t diagonal);
RT_API rt_tensor rt_triu(rt_tensor a, int64_t diagonal);
RT_API rt_tensor rt_repeat_interleave(rt_tensor a, int64_t repeats, int64_t dim);
RT_API rt_tensor rt_flip(rt_tensor a, const int64_t* dims, int ndims);

// ---- neural network functions ----
RT_API rt_tensor rt_softmax(rt_tensor a, int64_t dim, int log);
RT_API rt_tensor rt_embedding(rt_tensor weight, rt_tensor indices);
// target int64 (class indices) or float (probabilities); reduction 0 none, 1 mean, 2 sum
RT_API rt_tensor rt_cross_entropy(rt_tensor logits, rt_tensor target, int64_t ignore_index, int reduction, double label_smoothing);
RT_API rt_tensor rt_cosine_similarity(rt_tensor a, rt_tensor b, int64_t dim, double eps);

// ---- fused transformer ops (one-pass kernels with their own backward on CPU float32; composed ATen otherwise) ----
// x / sqrt(mean(x^2, -1) + eps) * weight, normalised in float32.
RT_API rt_tensor rt_rms_norm(rt_tensor x, rt_tensor weight, double eps);
// Half-split rotary embedding: x (B, H, T, d) * cos + rotate_half(x) * sin, cos/sin (B, 1, T, d).
RT_API rt_tensor rt_rotary(rt_tensor x, rt_tensor cos, rt_tensor sin);
// silu(gate) * up (the SwiGLU feed-forward's gating), gate and up of one shape.
RT_API rt_tensor rt_swiglu(rt_tensor gate, rt_tensor up);
// softmax(q k^T * scale + mask) v for q (B, H, Tq, d), k/v (B, Hkv, Tk, d) with Hkv dividing H (GQA);
// mask nullable, bool (true = attend) or additive float; causal aligns bottom-right.
RT_API rt_tensor rt_attention(rt_tensor q, rt_tensor k, rt_tensor v, rt_tensor mask, int causal, double scale);

// ---- autograd ----
RT_API int rt_set_requires_grad(rt_tensor t, int requires_grad);
RT_API int rt_backward(rt_tensor t, rt_tensor grad /* nullable */, int retain_graph);
// *out is NULL (and the call succeeds) when the tensor has no gradient.
RT_API int rt_grad(rt_tensor t, rt_tensor* out);
RT_API int rt_zero_grad(rt_tensor t);  // drops the gradient (set_to_none semantics)
RT_API rt_tensor rt_detach(rt_tensor t);

// ---- optimisation ----
// One decoupled-weight-decay Adam step on param (in place), with its state tensors; step >= 1.
RT_API int rt_adamw_step(rt_tensor param, rt_tensor grad, rt_tensor exp_avg, rt_tensor exp_avg_sq,
                         int64_t step, double lr, double beta1, double beta2, double eps, double weight_decay);

#ifdef __cplusplus
}
#endif
