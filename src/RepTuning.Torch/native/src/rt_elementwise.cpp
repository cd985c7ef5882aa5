// Elementwise maths, comparisons and in-place updates. Op codes mirror RepTuning.Torch's
// UnaryOp / BinaryOp enums.
#include "rt_internal.h"

using namespace rt;

namespace {

at::Tensor unary(int op, const at::Tensor& a) {
  switch (op) {
    case 0: return a.neg();
    case 1: return a.abs();
    case 2: return a.exp();
    case 3: return a.log();
    case 4: return a.sqrt();
    case 5: return a.rsqrt();
    case 6: return a.sin();
    case 7: return a.cos();
    case 8: return a.tanh();
    case 9: return a.sigmoid();
    case 10: return a.relu();
    case 11: return at::silu(a);
    case 12: return at::gelu(a);
    case 13: return a.sign();
    case 14: return a.floor();
    case 15: return a.ceil();
    case 16: return a.round();
    case 17: return a.reciprocal();
    case 18: return a.square();
    case 19: return a.logical_not();
    case 20: return a.isnan();
    case 21: return a.isinf();
    case 22: return a.isfinite();
    case 23: return a.log1p();
    case 24: return a.erf();
    default: throw std::invalid_argument("unknown unary op " + std::to_string(op));
  }
}

at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return a.add(b);
    case 1: return a.sub(b);
    case 2: return a.mul(b);
    case 3: return a.div(b);
    case 4: return a.pow(b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return a.eq(b);
    case 8: return a.ne(b);
    case 9: return a.lt(b);
    case 10: return a.le(b);
    case 11: return a.gt(b);
    case 12: return a.ge(b);
    case 13: return a.logical_and(b);
    case 14: return a.logical_or(b);
    case 15: return a.remainder(b);
    default: throw std::invalid_argument("unknown binary op " + std::to_string(op));
  }
}

at::Tensor binary_scalar(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: return a.add(s);
    case 1: return a.sub(s);
    case 2: return a.mul(s);
    case 3: return a.div(s);
    case 4: return a.pow(s);
    case 5: return a.clamp_min(s);
    case 6: return a.clamp_max(s);
    case 7: return a.eq(s);
    case 8: return a.ne(s);
    case 9: return a.lt(s);
    case 10: return a.le(s);
    case 11: return a.gt(s);
    case 12: return a.ge(s);
    case 15: return a.remainder(s);
    case 16: return at::rsub(a, s);  // s - a
    case 17: return a.reciprocal().mul(s);  // s / a
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no scalar form");
  }
}

void binary_inplace(int op, at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: a.add_(b); return;
    case 1: a.sub_(b); return;
    case 2: a.mul_(b); return;
    case 3: a.div_(b); return;
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place form");
  }
}

void binary_scalar_inplace(int op, at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: a.add_(s); return;
    case 1: a.sub_(s); return;
    case 2: a.mul_(s); return;
    case 3: a.div_(s); return;
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place form");
  }
}

}  // namespace

extern "C" {

rt_tensor rt_unary(int op, rt_tensor a) { return make([&] { return unary(op, T(a)); }); }
rt_tensor rt_binary(int op, rt_tensor a, rt_tensor b) { return make([&] { return binary(op, T(a), T(b)); }); }
rt_tensor rt_binary_scalar(int op, rt_tensor a, double s, int integral) {
  return make([&] { return binary_scalar(op, T(a), scalar(s, integral)); });
}
int rt_binary_(int op, rt_tensor a, rt_tensor b) { return run([&] { binary_inplace(op, T(a), T(b)); }); }
int rt_binary_scalar_(int op, rt_tensor a, double s, int integral) {
  return run([&] { binary_scalar_inplace(op, T(a), scalar(s, integral)); });
}

rt_tensor rt_clamp(rt_tensor a, double min, double max, int has_min, int has_max) {
  return make([&] {
    c10::optional<at::Scalar> lo = has_min ? c10::optional<at::Scalar>(min) : c10::nullopt;
    c10::optional<at::Scalar> hi = has_max ? c10::optional<at::Scalar>(max) : c10::nullopt;
    return T(a).clamp(lo, hi);
  });
}
rt_tensor rt_where(rt_tensor cond, rt_tensor a, rt_tensor b) { return make([&] { return at::where(T(cond), T(a), T(b)); }); }
rt_tensor rt_masked_fill(rt_tensor a, rt_tensor mask, double value) { return make([&] { return T(a).masked_fill(T(mask), value); }); }
int rt_copy_(rt_tensor dst, rt_tensor src) { return run([&] { T(dst).copy_(T(src)); }); }
int rt_fill_(rt_tensor a, double value) { return run([&] { T(a).fill_(value); }); }

}  // extern "C"
