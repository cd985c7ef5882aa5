using System.Runtime.InteropServices;

namespace RepTuning.Torch.Native;

/// <summary>P/Invoke declarations of the C ABI in native/include/rt_torch.h.</summary>
internal static unsafe class NativeMethods
{
    private const string Lib = "rt_torch";

    static NativeMethods()
    {
        ThreadingDefaults.ApplyBeforeLibtorchLoads();
        AllocatorDefaults.Apply();
        ThreadingDefaults.ApplyThreadCount(n => rt_set_num_threads(n));
    }

    [DllImport(Lib)] internal static extern IntPtr rt_last_error();
    [DllImport(Lib)] internal static extern IntPtr rt_version();
    [DllImport(Lib)] internal static extern int rt_manual_seed(long seed);
    [DllImport(Lib)] internal static extern int rt_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int rt_get_num_threads();
    [DllImport(Lib)] internal static extern int rt_cuda_device_count();
    [DllImport(Lib)] internal static extern int rt_grad_enabled();
    [DllImport(Lib)] internal static extern int rt_set_grad_enabled(int enabled);
    [DllImport(Lib)] internal static extern double rt_bench_matmul_native(long n, int iterations);

    [DllImport(Lib)] internal static extern void rt_free(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_dim(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_shape(IntPtr t, long* shape);
    [DllImport(Lib)] internal static extern int rt_dtype(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_device(IntPtr t, int* type, int* index);
    [DllImport(Lib)] internal static extern int rt_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_item(IntPtr t, double* value);
    [DllImport(Lib)] internal static extern int rt_item_int64(IntPtr t, long* value);
    [DllImport(Lib)] internal static extern int rt_copy_to(IntPtr t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int rt_equal(IntPtr a, IntPtr b);

    [DllImport(Lib)] internal static extern IntPtr rt_from_data(void* data, long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [DllImport(Lib)] internal static extern IntPtr rt_new(int kind, long* shape, int ndim, int dtype, int deviceType, int deviceIndex, double value);
    [DllImport(Lib)] internal static extern IntPtr rt_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex);
    [DllImport(Lib)] internal static extern IntPtr rt_generator_new(long seed);
    [DllImport(Lib)] internal static extern void rt_generator_free(IntPtr g);
    [DllImport(Lib)] internal static extern IntPtr rt_random(int kind, long* shape, int ndim, int dtype, int deviceType, int deviceIndex, IntPtr generator);
    [DllImport(Lib)] internal static extern IntPtr rt_multinomial(IntPtr probs, long n, int replacement, IntPtr generator);
    [DllImport(Lib)] internal static extern IntPtr rt_to(IntPtr t, int dtype, int deviceType, int deviceIndex);
    [DllImport(Lib)] internal static extern IntPtr rt_clone(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rt_contiguous(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rt_alias(IntPtr t);

    [DllImport(Lib)] internal static extern IntPtr rt_unary(int op, IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr rt_binary(int op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rt_binary_scalar(int op, IntPtr a, double s, int integral);
    [DllImport(Lib)] internal static extern int rt_binary_(int op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int rt_binary_scalar_(int op, IntPtr a, double s, int integral);
    [DllImport(Lib)] internal static extern IntPtr rt_clamp(IntPtr a, double min, double max, int hasMin, int hasMax);
    [DllImport(Lib)] internal static extern IntPtr rt_where(IntPtr cond, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rt_masked_fill(IntPtr a, IntPtr mask, double value);
    [DllImport(Lib)] internal static extern int rt_copy_(IntPtr dst, IntPtr src);
    [DllImport(Lib)] internal static extern int rt_fill_(IntPtr a, double value);

    [DllImport(Lib)] internal static extern IntPtr rt_reduce(int op, IntPtr a, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern int rt_max_dim(IntPtr a, long dim, int keepdim, IntPtr* values, IntPtr* indices);
    [DllImport(Lib)] internal static extern int rt_topk(IntPtr a, long k, long dim, int largest, IntPtr* values, IntPtr* indices);
    [DllImport(Lib)] internal static extern int rt_sort(IntPtr a, long dim, int descending, IntPtr* values, IntPtr* indices);
    [DllImport(Lib)] internal static extern IntPtr rt_cumsum(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_norm(IntPtr a, double p, long* dims, int ndims, int keepdim);

    [DllImport(Lib)] internal static extern IntPtr rt_matmul(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rt_bmm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rt_linear(IntPtr x, IntPtr w, IntPtr bias);
    [DllImport(Lib)] internal static extern int rt_svd(IntPtr a, int fullMatrices, IntPtr* u, IntPtr* s, IntPtr* vh);

    [DllImport(Lib)] internal static extern IntPtr rt_reshape(IntPtr a, long* shape, int ndim);
    [DllImport(Lib)] internal static extern IntPtr rt_view(IntPtr a, long* shape, int ndim);
    [DllImport(Lib)] internal static extern IntPtr rt_expand(IntPtr a, long* shape, int ndim);
    [DllImport(Lib)] internal static extern IntPtr rt_permute(IntPtr a, long* dims, int ndim);
    [DllImport(Lib)] internal static extern IntPtr rt_transpose(IntPtr a, long d0, long d1);
    [DllImport(Lib)] internal static extern IntPtr rt_squeeze(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_unsqueeze(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_flatten(IntPtr a, long start, long end);
    [DllImport(Lib)] internal static extern IntPtr rt_slice(IntPtr a, long dim, long start, long end, long step);
    [DllImport(Lib)] internal static extern IntPtr rt_narrow(IntPtr a, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr rt_select(IntPtr a, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr rt_index_select(IntPtr a, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr rt_gather(IntPtr a, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr rt_scatter(IntPtr a, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr rt_index_put(IntPtr a, IntPtr maskOrIndex, IntPtr values);
    [DllImport(Lib)] internal static extern IntPtr rt_masked_select(IntPtr a, IntPtr mask);
    [DllImport(Lib)] internal static extern IntPtr rt_cat(IntPtr* tensors, int n, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_stack(IntPtr* tensors, int n, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_tril(IntPtr a, long diagonal);
    [DllImport(Lib)] internal static extern IntPtr rt_triu(IntPtr a, long diagonal);
    [DllImport(Lib)] internal static extern IntPtr rt_repeat_interleave(IntPtr a, long repeats, long dim);
    [DllImport(Lib)] internal static extern IntPtr rt_flip(IntPtr a, long* dims, int ndims);

    [DllImport(Lib)] internal static extern IntPtr rt_softmax(IntPtr a, long dim, int log);
    [DllImport(Lib)] internal static extern IntPtr rt_embedding(IntPtr weight, IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr rt_cross_entropy(IntPtr logits, IntPtr target, long ignoreIndex, int reduction, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr rt_cosine_similarity(IntPtr a, IntPtr b, long dim, double eps);

    [DllImport(Lib)] internal static extern IntPtr rt_rms_norm(IntPtr x, IntPtr weight, double eps);
    [DllImport(Lib)] internal static extern IntPtr rt_rotary(IntPtr x, IntPtr cos, IntPtr sin);
    [DllImport(Lib)] internal static extern IntPtr rt_swiglu(IntPtr gate, IntPtr up);
    [DllImport(Lib)] internal static extern IntPtr rt_attention(IntPtr q, IntPtr k, IntPtr v, IntPtr mask, int causal, double scale);

    [DllImport(Lib)] internal static extern int rt_set_requires_grad(IntPtr t, int requiresGrad);
    [DllImport(Lib)] internal static extern int rt_backward(IntPtr t, IntPtr grad, int retainGraph);
    [DllImport(Lib)] internal static extern int rt_grad(IntPtr t, IntPtr* grad);
    [DllImport(Lib)] internal static extern int rt_zero_grad(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rt_detach(IntPtr t);
    [DllImport(Lib)] internal static extern int rt_adamw_step(IntPtr param, IntPtr grad, IntPtr expAvg, IntPtr expAvgSq, long step, double lr, double beta1, double beta2, double eps, double weightDecay);

    /// <summary>Throws the pending native error when a call returned NULL.</summary>
    internal static IntPtr Check(IntPtr handle) => handle == IntPtr.Zero ? throw LastError() : handle;

    /// <summary>Throws the pending native error when a call returned a negative status.</summary>
    internal static int Check(int status) => status < 0 ? throw LastError() : status;

    internal static TorchException LastError() =>
        new(Marshal.PtrToStringUTF8(rt_last_error()) ?? "unknown native error");
}
