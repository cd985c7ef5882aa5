// Neural-network functions, autograd and the fused AdamW update.
#include "rt_internal.h"

using namespace rt;

extern "C" {

rt_tensor rt_softmax(rt_tensor a, int64_t dim, int log) {
  return make([&] { return log ? T(a).log_softmax(dim) : T(a).softmax(dim); });
}

rt_tensor rt_embedding(rt_tensor weight, rt_tensor indices) { return make([&] { return at::embedding(T(weight), T(indices)); }); }

rt_tensor rt_cross_entropy(rt_tensor logits, rt_tensor target, int64_t ignore_index, int reduction, double label_smoothing) {
  return make([&] {
    return at::cross_entropy_loss(T(logits), T(target), c10::nullopt, reduction, ignore_index, label_smoothing);
  });
}

rt_tensor rt_cosine_similarity(rt_tensor a, rt_tensor b, int64_t dim, double eps) {
  return make([&] { return at::cosine_similarity(T(a), T(b), dim, eps); });
}

int rt_set_requires_grad(rt_tensor t, int requires_grad) { return run([&] { T(t).set_requires_grad(requires_grad != 0); }); }

int rt_backward(rt_tensor t, rt_tensor grad, int retain_graph) {
  return run([&] {
    at::Tensor g = grad ? T(grad) : at::Tensor();
    T(t).backward(g, retain_graph != 0);
  });
}

int rt_grad(rt_tensor t, rt_tensor* out) {
  return run([&] {
    const at::Tensor& g = T(t).grad();
    *out = g.defined() ? wrap(g) : nullptr;
  });
}

int rt_zero_grad(rt_tensor t) { return run([&] { T(t).mutable_grad().reset(); }); }

rt_tensor rt_detach(rt_tensor t) { return make([&] { return T(t).detach(); }); }

int rt_adamw_step(rt_tensor param, rt_tensor grad, rt_tensor exp_avg, rt_tensor exp_avg_sq,
                  int64_t step, double lr, double beta1, double beta2, double eps, double weight_decay) {
  return run([&] {
    if (step < 1) throw std::invalid_argument("adamw step counts from 1");
    at::NoGradGuard no_grad;
    auto& p = T(param);
    auto& g = T(grad);
    auto& m = T(exp_avg);
    auto& v = T(exp_avg_sq);
    p.mul_(1.0 - lr * weight_decay);
    m.mul_(beta1).add_(g, 1.0 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1.0 - beta2);
    double bias1 = 1.0 - std::pow(beta1, static_cast<double>(step));
    double bias2 = 1.0 - std::pow(beta2, static_cast<double>(step));
    auto denom = (v.sqrt() / std::sqrt(bias2)).add_(eps);
    p.addcdiv_(m, denom, -lr / bias1);
  });
}

}  // extern "C"
