"""Eager PyTorch reference for the Throughput benchmark: the same stories15M workloads, written the
plain way a PyTorch user would, so RepTuning's figures can be compared with ratios measured in one run.

Usage: python3 pytorch_stories15m.py MODEL_BIN [--threads N] [--only engine|model|tuning]
Needs python3-torch (Debian: apt-get install python3-torch). Prints one JSON object on its last line.

Debian's PyTorch 1.13 multiplies matrices with Debian's OpenBLAS 0.3.21, which predates recent CPUs and
may fall back to a slow generic kernel. Unless OPENBLAS_CORETYPE is already set, this script sets it from
the CPU's flags before torch loads (SkylakeX with AVX-512, Haswell with AVX2) and reports the kernel that
OpenBLAS actually chose (openblas_get_corename of the loaded library).
"""
import os


def openblas_coretype_for_cpu():
    """The OpenBLAS 0.3.21 kernel matching this CPU's flags, or None to leave OpenBLAS's own choice."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
    except OSError:
        return None
    if "avx512f" in flags and "avx512bw" in flags and "avx512vl" in flags:
        return "SkylakeX"
    if "avx2" in flags and "fma" in flags:
        return "Haswell"
    return None


CORETYPE_SET_BY = "environment" if "OPENBLAS_CORETYPE" in os.environ else None
if CORETYPE_SET_BY is None and openblas_coretype_for_cpu():
    os.environ["OPENBLAS_CORETYPE"] = openblas_coretype_for_cpu()
    CORETYPE_SET_BY = "cpu flags"

import argparse, ctypes, json, struct, time
import numpy as np
import torch
import torch.nn.functional as F


def blas_report():
    """Which BLAS torch multiplies with, and for OpenBLAS the kernel it picked (from the loaded library)."""
    with open(f"/proc/{os.getpid()}/maps") as f:
        libs = sorted({l.split()[-1] for l in f if "openblas" in l.lower() and ".so" in l})
    r = dict(openblas_coretype_env=os.environ.get("OPENBLAS_CORETYPE"), openblas_coretype_set_by=CORETYPE_SET_BY,
             blas_info=next((p.split("=", 1)[1] for p in torch.__config__.show().replace(",", "\n").split() if p.startswith("BLAS_INFO=")), None))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            r.update(blas_library=path, openblas_corename=lib.openblas_get_corename().decode(), openblas_config=lib.openblas_get_config().decode().strip())
            break
        except (OSError, AttributeError):
            continue
    r["blas"] = f"OpenBLAS {r['openblas_corename']} ({r.get('openblas_config', '')})" if "openblas_corename" in r else (r["blas_info"] or "unknown")
    return r


def matmul_gflops(rows, k, n, reps=20):
    """F.linear of (rows, k) by a (n, k) weight, as in the model's projections: best of 5 timed groups."""
    x, w = torch.randn(rows, k), torch.randn(n, k)
    with torch.no_grad():
        F.linear(x, w)
        best = min(timed(lambda: F.linear(x, w), reps) for _ in range(5))
    return 2.0 * rows * k * n / best / 1e9


def timed(f, reps):
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - t0) / reps


def load(path):
    with open(path, "rb") as f:
        dim, hidden, layers, heads, kv_heads, vocab, seq_len = struct.unpack("7i", f.read(28))
        data = np.frombuffer(f.read(), dtype=np.float32)
    shared, vocab, head_dim, at = vocab > 0, abs(vocab), dim // heads, 0
    if kv_heads != heads:
        raise SystemExit(f"{path}: {kv_heads} key/value heads for {heads} query heads; this reference handles plain multi-head attention only")

    def take(*shape):
        nonlocal at
        n = int(np.prod(shape))
        t = torch.from_numpy(data[at:at + n].copy()).view(*shape)
        at += n
        return t

    w = dict(emb=take(vocab, dim), att_norm=take(layers, dim), wq=take(layers, dim, dim),
             wk=take(layers, kv_heads * head_dim, dim), wv=take(layers, kv_heads * head_dim, dim),
             wo=take(layers, dim, dim), ffn_norm=take(layers, dim), w1=take(layers, hidden, dim),
             w2=take(layers, dim, hidden), w3=take(layers, hidden, dim), norm=take(dim))
    take(seq_len, head_dim // 2); take(seq_len, head_dim // 2)  # llama2.c's precomputed RoPE tables
    w["cls"] = w["emb"] if shared else take(vocab, dim)
    return w, dict(dim=dim, layers=layers, heads=heads, kv_heads=kv_heads, head_dim=head_dim, vocab=vocab)


class Model(torch.nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        self.cfg = cfg
        P = lambda t: torch.nn.Parameter(t.clone(), requires_grad=False)
        self.emb, self.norm = P(w["emb"]), P(w["norm"])
        self.cls = self.emb if w["cls"] is w["emb"] else P(w["cls"])
        L = cfg["layers"]
        self.layers = [dict((k, P(w[k][l])) for k in ("att_norm", "wq", "wk", "wv", "wo", "ffn_norm", "w1", "w2", "w3")) for l in range(L)]
        hd = cfg["head_dim"]
        inv = 1.0 / (10000.0 ** (torch.arange(0, hd, 2).float() / hd))
        ang = torch.outer(torch.arange(4096).float(), inv)
        self.cos, self.sin = torch.cat([ang, ang], -1).cos(), torch.cat([ang, ang], -1).sin()

    @staticmethod
    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w

    def rope(self, x, start):
        t, half = x.shape[2], x.shape[-1] // 2
        cos, sin = self.cos[start:start + t], self.sin[start:start + t]
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin

    mv_rows = False  # generation_mv: single rows through torch.mv (PyTorch 1.13's F.linear packs W for a GEMM)

    def linear(self, x, w):
        if self.mv_rows and x.numel() == x.shape[-1]:
            return w.mv(x.reshape(-1)).view(*x.shape[:-1], w.shape[0])
        return F.linear(x, w)

    def layer(self, x, p, cache=None, start=0):
        b, t, _ = x.shape
        H, Hk, hd = self.cfg["heads"], self.cfg["kv_heads"], self.cfg["head_dim"]
        h = self.rms(x, p["att_norm"])
        q = self.linear(h, p["wq"]).view(b, t, H, hd).transpose(1, 2)
        k = self.linear(h, p["wk"]).view(b, t, Hk, hd).transpose(1, 2)
        v = self.linear(h, p["wv"]).view(b, t, Hk, hd).transpose(1, 2)
        q, k = self.rope(q, start), self.rope(k, start)
        if cache is not None:
            if "k" in cache:
                k, v = torch.cat([cache["k"], k], 2), torch.cat([cache["v"], v], 2)
            cache["k"], cache["v"] = k, v
        if hasattr(F, "scaled_dot_product_attention"):  # PyTorch >= 2
            a = F.scaled_dot_product_attention(q, k, v, is_causal=t > 1)
        else:
            s = q @ k.transpose(-1, -2) / hd ** 0.5
            if t > 1:
                s = s.masked_fill(torch.ones(t, k.shape[2], dtype=torch.bool).triu(1 + k.shape[2] - t), float("-inf"))
            a = s.softmax(-1) @ v
        x = x + self.linear(a.transpose(1, 2).reshape(b, t, -1), p["wo"])
        h = self.rms(x, p["ffn_norm"])
        return x + self.linear(F.silu(self.linear(h, p["w1"])) * self.linear(h, p["w3"]), p["w2"])

    def forward(self, ids, last_only=False, caches=None, start=0, stop_after=None, no_grad_below=0):
        x = F.embedding(ids, self.emb)
        for l, p in enumerate(self.layers):
            if stop_after is not None and l > stop_after:
                return x
            with torch.set_grad_enabled(torch.is_grad_enabled() and l >= no_grad_below):
                x = self.layer(x, p, None if caches is None else caches[l], start)
        if stop_after is not None:
            return x
        x = self.rms(x[:, -1:] if last_only else x, self.norm)
        return self.linear(x, self.cls)


REPS = 5  # timed runs per figure (after one warm-up); --reps changes it


def median(f):
    f()
    return float(np.median([f() for _ in range(REPS)]))


def forward_tps(m, last_only):
    ids = torch.randint(0, m.cfg["vocab"], (8, 128), generator=torch.Generator().manual_seed(1))
    def run():
        with torch.no_grad():
            t0 = time.perf_counter(); m(ids, last_only=last_only); return 8 * 128 / (time.perf_counter() - t0)
    return median(run)


def generation_tps(m, n=200, mv_rows=False):
    m.mv_rows = mv_rows
    def run():
        caches = [dict() for _ in m.layers]
        ids, out = torch.tensor([[1]]), []
        t0 = time.perf_counter()
        with torch.no_grad():
            for i in range(n):
                nxt = m(ids, last_only=True, caches=caches, start=i)[0, -1].argmax()
                ids = nxt.view(1, 1); out.append(int(nxt))
        return n / (time.perf_counter() - t0)
    try:
        return median(run)
    finally:
        m.mv_rows = False


def tuning_step_tps(m, early_exit, steps=12):
    """Cosine tune-in step at layer 4, AdamW on V/O of layers 3-4, batch 8 x 128, like TuningStepComparison."""
    g = torch.Generator().manual_seed(3)
    direction = F.normalize(torch.rand(m.cfg["dim"], generator=g) - 0.5, dim=0)
    params = [m.layers[l][k] for l in (3, 4) for k in ("wv", "wo")]
    for p in params: p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=1e-5, eps=1e-4, weight_decay=0.1)
    ids = torch.randint(0, m.cfg["vocab"], (steps + 2, 8, 128), generator=g)
    times = []
    for s in range(steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        if early_exit:
            h = m(ids[s], stop_after=4, no_grad_below=3)
        else:  # every layer and the logits, reading layer 4's output on the way
            x = F.embedding(ids[s], m.emb)
            for l, p in enumerate(m.layers):
                x = m.layer(x, p)
                if l == 4:
                    h = x
            F.linear(m.rms(x, m.norm), m.cls)
        loss = ((1 - F.cosine_similarity(h, direction.expand_as(h), dim=-1)) / 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        times.append(time.perf_counter() - t0)
    for p in params: p.requires_grad_(False)
    return 8 * 128 / float(np.median(times[2:]))


# (rows, in, out) of F.linear: the model's projections at batch 8 x 128 and a square 1024 product.
MATMUL_SHAPES = [(1024, 288, 768), (1024, 768, 288), (1024, 1024, 1024)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", choices=["engine", "model", "tuning"], default=None)
    a = ap.parse_args()
    global REPS
    REPS = a.reps
    torch.set_num_threads(a.threads)
    w, cfg = load(a.model)
    m = Model(w, cfg)
    r = dict(torch=torch.__version__, threads=torch.get_num_threads(), **blas_report())
    if a.only in (None, "engine"):
        r.update(matmul=[dict(rows=m, k=k, n=n, gflops=matmul_gflops(m, k, n)) for m, k, n in MATMUL_SHAPES])
    if a.only in (None, "model"):
        r.update(forward_all_logits=forward_tps(m, False), forward_last_logits=forward_tps(m, True), generation=generation_tps(m),
                 generation_mv=generation_tps(m, mv_rows=True))
    if a.only in (None, "tuning"):
        r.update(tuning_step_full=tuning_step_tps(m, False), tuning_step_early_exit=tuning_step_tps(m, True))
    print(json.dumps(r))


if __name__ == "__main__":
    main()
