// Helpers shared by the shim's translation units: handle conversion and the exception firewall.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <vector>
#include "rt_torch.h"

namespace rt {

void set_error(const char* message);

inline at::Tensor& T(rt_tensor h) {
  if (h == nullptr) throw std::invalid_argument("null tensor handle");
  return *static_cast<at::Tensor*>(h);
}

inline rt_tensor wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline c10::Device device_of(int type, int index) {
  return c10::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype)).device(device_of(device_type, device_index));
}

inline at::IntArrayRef dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }

// at::Scalar keeps integer tensors integral when the C# caller passed an integral value.
inline at::Scalar scalar(double s, int integral) {
  return integral ? at::Scalar(static_cast<int64_t>(s)) : at::Scalar(s);
}

template <typename F>
inline auto guarded(F&& f, decltype(f()) on_error) -> decltype(f()) {
  try {
    return f();
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown native error");
  }
  return on_error;
}

// Runs f returning a tensor; NULL on failure.
template <typename F>
inline rt_tensor make(F&& f) {
  return guarded([&]() -> rt_tensor { return wrap(f()); }, nullptr);
}

// Runs f returning nothing; 0 on success, -1 on failure.
template <typename F>
inline int run(F&& f) {
  return guarded([&]() -> int { f(); return 0; }, -1);
}

}  // namespace rt
