// Reductions, sorting and linear algebra.
#include "rt_internal.h"

using namespace rt;

namespace {

at::Tensor reduce(int op, const at::Tensor& a, at::IntArrayRef d, bool keep) {
  bool all = d.empty();
  switch (op) {
    case 0: return all ? a.sum() : a.sum(d, keep);
    case 1: return all ? a.mean() : a.mean(d, keep);
    case 2: return all ? a.amax() : a.amax(d, keep);
    case 3: return all ? a.amin() : a.amin(d, keep);
    case 4:
      if (d.size() > 1) throw std::invalid_argument("prod reduces over one dimension at a time");
      return all ? a.prod() : a.prod(d[0], keep);
    case 5: return all ? a.var() : a.var(d, /*unbiased=*/true, keep);
    case 6: return all ? a.std() : a.std(d, /*unbiased=*/true, keep);
    case 7:
      if (all) throw std::invalid_argument("logsumexp needs at least one dimension");
      return a.logsumexp(d, keep);
    case 8:
    case 9: {
      if (d.size() > 1) throw std::invalid_argument("argmax/argmin reduce over one dimension");
      c10::optional<int64_t> dim = all ? c10::nullopt : c10::optional<int64_t>(d[0]);
      return op == 8 ? a.argmax(dim, keep) : a.argmin(dim, keep);
    }
    case 10:
      if (d.size() > 1) throw std::invalid_argument("all reduces over one dimension");
      return all ? a.all() : a.all(d[0], keep);
    case 11:
      if (d.size() > 1) throw std::invalid_argument("any reduces over one dimension");
      return all ? a.any() : a.any(d[0], keep);
    default: throw std::invalid_argument("unknown reduction " + std::to_string(op));
  }
}

}  // namespace

extern "C" {

rt_tensor rt_reduce(int op, rt_tensor a, const int64_t* d, int nd, int keepdim) {
  return make([&] { return reduce(op, T(a), dims(d, nd), keepdim != 0); });
}

int rt_max_dim(rt_tensor a, int64_t dim, int keepdim, rt_tensor* values, rt_tensor* indices) {
  return run([&] {
    auto r = T(a).max(dim, keepdim != 0);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

int rt_topk(rt_tensor a, int64_t k, int64_t dim, int largest, rt_tensor* values, rt_tensor* indices) {
  return run([&] {
    auto r = T(a).topk(k, dim, largest != 0, /*sorted=*/true);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

int rt_sort(rt_tensor a, int64_t dim, int descending, rt_tensor* values, rt_tensor* indices) {
  return run([&] {
    auto r = T(a).sort(dim, descending != 0);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

rt_tensor rt_cumsum(rt_tensor a, int64_t dim) { return make([&] { return T(a).cumsum(dim); }); }

rt_tensor rt_norm(rt_tensor a, double p, const int64_t* d, int nd, int keepdim) {
  return make([&] {
    if (nd == 0) return at::linalg_vector_norm(T(a), p, c10::nullopt, keepdim != 0);
    return at::linalg_vector_norm(T(a), p, dims(d, nd), keepdim != 0);
  });
}

rt_tensor rt_matmul(rt_tensor a, rt_tensor b) { return make([&] { return at::matmul(T(a), T(b)); }); }
rt_tensor rt_bmm(rt_tensor a, rt_tensor b) { return make([&] { return at::bmm(T(a), T(b)); }); }
int rt_svd(rt_tensor a, int full_matrices, rt_tensor* u, rt_tensor* s, rt_tensor* vh) {
  return run([&] {
    auto r = at::linalg_svd(T(a), full_matrices != 0);
    *u = wrap(std::get<0>(r));
    *s = wrap(std::get<1>(r));
    *vh = wrap(std::get<2>(r));
  });
}

}  // extern "C"
