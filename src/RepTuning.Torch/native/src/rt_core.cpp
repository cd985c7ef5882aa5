// Errors, globals, lifetime, properties and tensor creation.
#include "rt_internal.h"
#include <chrono>
#include <cstring>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>
#include <ATen/Parallel.h>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace rt {
thread_local std::string last_error;
void set_error(const char* message) { last_error = message ? message : "unknown native error"; }
}  // namespace rt

using namespace rt;

extern "C" {

const char* rt_last_error(void) { return rt::last_error.c_str(); }
const char* rt_version(void) { return TORCH_VERSION; }

int rt_manual_seed(int64_t seed) { return run([&] { at::manual_seed(static_cast<uint64_t>(seed)); }); }
// A libtorch that bundles its own OpenMP runtime (pip and CUDA builds) leaves the shim's fused kernels on
// the system one; setting both keeps an explicit thread count true for them too.
int rt_set_num_threads(int n) {
  return run([&] {
    at::set_num_threads(n);
#ifdef _OPENMP
    omp_set_num_threads(n);
#endif
  });
}
int rt_get_num_threads(void) { return at::get_num_threads(); }
int rt_cuda_device_count(void) { return guarded([] { return static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()); }, 0); }
int rt_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }
int rt_set_grad_enabled(int enabled) {
  int previous = c10::GradMode::is_enabled() ? 1 : 0;
  c10::GradMode::set_enabled(enabled != 0);
  return previous;
}

double rt_bench_matmul_native(int64_t n, int iterations) {
  return guarded([&]() -> double {
    at::NoGradGuard no_grad;
    auto a = at::randn({n, n});
    auto b = at::randn({n, n});
    auto warm = at::matmul(a, b);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iterations; ++i) warm = at::matmul(a, b);
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / iterations;
  }, -1.0);
}

void rt_free(rt_tensor t) { delete static_cast<at::Tensor*>(t); }
int rt_dim(rt_tensor t) { return guarded([&] { return static_cast<int>(T(t).dim()); }, -1); }
int rt_shape(rt_tensor t, int64_t* out) {
  return run([&] {
    auto sizes = T(t).sizes();
    std::copy(sizes.begin(), sizes.end(), out);
  });
}
int rt_dtype(rt_tensor t) { return guarded([&] { return static_cast<int>(T(t).scalar_type()); }, -1); }
int rt_device(rt_tensor t, int* type, int* index) {
  return run([&] {
    auto d = T(t).device();
    *type = static_cast<int>(d.type());
    *index = d.has_index() ? d.index() : 0;
  });
}
int rt_requires_grad(rt_tensor t) { return guarded([&] { return T(t).requires_grad() ? 1 : 0; }, -1); }
int rt_is_leaf(rt_tensor t) { return guarded([&] { return T(t).is_leaf() ? 1 : 0; }, -1); }
int rt_item(rt_tensor t, double* out) { return run([&] { *out = T(t).item().toDouble(); }); }
int rt_item_int64(rt_tensor t, int64_t* out) { return run([&] { *out = T(t).item().toLong(); }); }

int rt_copy_to(rt_tensor t, void* dst, int64_t nbytes) {
  return run([&] {
    auto cpu = T(t).detach().to(c10::kCPU).contiguous();
    int64_t have = cpu.numel() * static_cast<int64_t>(cpu.element_size());
    if (have != nbytes) throw std::invalid_argument("copy_to: destination holds " + std::to_string(nbytes) +
                                                    " bytes but the tensor has " + std::to_string(have));
    if (have > 0) std::memcpy(dst, cpu.data_ptr(), static_cast<size_t>(have));
  });
}

int rt_equal(rt_tensor a, rt_tensor b) { return guarded([&] { return T(a).equal(T(b)) ? 1 : 0; }, -1); }

rt_tensor rt_from_data(const void* data, const int64_t* shape, int ndim, int dtype, int device_type, int device_index) {
  return make([&] {
    auto cpu_options = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    // from_blob does not own the caller's memory: clone before returning.
    auto t = at::from_blob(const_cast<void*>(data), dims(shape, ndim), cpu_options).clone();
    return t.to(device_of(device_type, device_index));
  });
}

rt_tensor rt_new(int kind, const int64_t* shape, int ndim, int dtype, int device_type, int device_index, double value) {
  return make([&] {
    auto o = options(dtype, device_type, device_index);
    switch (kind) {
      case 0: return at::empty(dims(shape, ndim), o);
      case 1: return at::zeros(dims(shape, ndim), o);
      case 2: return at::ones(dims(shape, ndim), o);
      case 3: return at::full(dims(shape, ndim), value, o);
      default: throw std::invalid_argument("rt_new: unknown kind");
    }
  });
}

rt_tensor rt_arange(double start, double end, double step, int dtype, int device_type, int device_index) {
  return make([&] { return at::arange(start, end, step, options(dtype, device_type, device_index)); });
}

rt_generator rt_generator_new(int64_t seed) {
  return guarded([&]() -> rt_generator {
    return new at::Generator(at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed)));
  }, nullptr);
}
void rt_generator_free(rt_generator g) { delete static_cast<at::Generator*>(g); }

static c10::optional<at::Generator> generator_of(rt_generator g) {
  if (g == nullptr) return c10::nullopt;
  return *static_cast<at::Generator*>(g);
}

rt_tensor rt_random(int kind, const int64_t* shape, int ndim, int dtype, int device_type, int device_index, rt_generator gen) {
  return make([&] {
    // Sampled on the CPU so that a seeded generator gives the same numbers on every device.
    auto cpu = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    auto t = kind == 0 ? at::randn(dims(shape, ndim), generator_of(gen), cpu)
                       : at::rand(dims(shape, ndim), generator_of(gen), cpu);
    return t.to(device_of(device_type, device_index));
  });
}

rt_tensor rt_multinomial(rt_tensor probs, int64_t n, int replacement, rt_generator gen) {
  return make([&] {
    auto p = T(probs);
    return at::multinomial(p.to(c10::kCPU), n, replacement != 0, generator_of(gen)).to(p.device());
  });
}

rt_tensor rt_to(rt_tensor t, int dtype, int device_type, int device_index) {
  return make([&] { return T(t).to(device_of(device_type, device_index), static_cast<c10::ScalarType>(dtype)); });
}
rt_tensor rt_clone(rt_tensor t) { return make([&] { return T(t).clone(); }); }
rt_tensor rt_contiguous(rt_tensor t) { return make([&] { return T(t).contiguous(); }); }
rt_tensor rt_alias(rt_tensor t) { return make([&] { return T(t); }); }

}  // extern "C"
