// Views, reshapes, slicing, indexing and joining.
#include "rt_internal.h"

using namespace rt;

namespace {
std::vector<at::Tensor> gather_handles(const rt_tensor* ts, int n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(T(ts[i]));
  return out;
}
}  // namespace

extern "C" {

rt_tensor rt_reshape(rt_tensor a, const int64_t* s, int n) { return make([&] { return T(a).reshape(dims(s, n)); }); }
rt_tensor rt_view(rt_tensor a, const int64_t* s, int n) { return make([&] { return T(a).view(dims(s, n)); }); }
rt_tensor rt_expand(rt_tensor a, const int64_t* s, int n) { return make([&] { return T(a).expand(dims(s, n)); }); }
rt_tensor rt_permute(rt_tensor a, const int64_t* d, int n) { return make([&] { return T(a).permute(dims(d, n)); }); }
rt_tensor rt_transpose(rt_tensor a, int64_t d0, int64_t d1) { return make([&] { return T(a).transpose(d0, d1); }); }
rt_tensor rt_squeeze(rt_tensor a, int64_t dim) { return make([&] { return T(a).squeeze(dim); }); }
rt_tensor rt_unsqueeze(rt_tensor a, int64_t dim) { return make([&] { return T(a).unsqueeze(dim); }); }
rt_tensor rt_flatten(rt_tensor a, int64_t start, int64_t end) { return make([&] { return T(a).flatten(start, end); }); }
rt_tensor rt_slice(rt_tensor a, int64_t dim, int64_t start, int64_t end, int64_t step) {
  return make([&] { return T(a).slice(dim, start, end, step); });
}
rt_tensor rt_narrow(rt_tensor a, int64_t dim, int64_t start, int64_t length) {
  return make([&] { return T(a).narrow(dim, start, length); });
}
rt_tensor rt_select(rt_tensor a, int64_t dim, int64_t index) { return make([&] { return T(a).select(dim, index); }); }
rt_tensor rt_index_select(rt_tensor a, int64_t dim, rt_tensor index) {
  return make([&] { return T(a).index_select(dim, T(index)); });
}
rt_tensor rt_gather(rt_tensor a, int64_t dim, rt_tensor index) { return make([&] { return T(a).gather(dim, T(index)); }); }
rt_tensor rt_scatter(rt_tensor a, int64_t dim, rt_tensor index, rt_tensor src) {
  return make([&] { return T(a).scatter(dim, T(index), T(src)); });
}
rt_tensor rt_index_put(rt_tensor a, rt_tensor mask_or_index, rt_tensor values) {
  return make([&] { return T(a).index_put({T(mask_or_index)}, T(values)); });
}
rt_tensor rt_masked_select(rt_tensor a, rt_tensor mask) { return make([&] { return T(a).masked_select(T(mask)); }); }
rt_tensor rt_cat(const rt_tensor* ts, int n, int64_t dim) { return make([&] { return at::cat(gather_handles(ts, n), dim); }); }
rt_tensor rt_stack(const rt_tensor* ts, int n, int64_t dim) { return make([&] { return at::stack(gather_handles(ts, n), dim); }); }
rt_tensor rt_tril(rt_tensor a, int64_t diagonal) { return make([&] { return T(a).tril(diagonal); }); }
rt_tensor rt_triu(rt_tensor a, int64_t diagonal) { return make([&] { return T(a).triu(diagonal); }); }
rt_tensor rt_repeat_interleave(rt_tensor a, int64_t repeats, int64_t dim) {
  return make([&] { return T(a).repeat_interleave(repeats, dim); });
}
rt_tensor rt_flip(rt_tensor a, const int64_t* d, int n) { return make([&] { return T(a).flip(dims(d, n)); }); }

}  // extern "C"
