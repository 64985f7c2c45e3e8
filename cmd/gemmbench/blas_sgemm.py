"""Times a BLAS's sgemm at the VAE's training shapes, printing one JSON line
per shape: name, threads, median seconds, GFLOP/s.

Run by gemmbench, round by round between its Go measurements.
  --lib numpy: OpenBLAS through numpy's float32 matmul (numpy from PyPI
    bundles its own OpenBLAS; Debian's python3-numpy calls the libblas.so.3
    alternative, OpenBLAS once libopenblas0-pthread is installed).
    OPENBLAS_CORETYPE picks its kernel.
  --lib torch: MKL through PyTorch 2 from PyPI, whose CPU matmul is MKL's
    sgemm.
Either passes transposes to sgemm as flags rather than copying.
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument('--lib', choices=['numpy', 'torch'], default='numpy')
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--reps', type=int, default=200)
ap.add_argument('--rounds', type=int, default=7)
a = ap.parse_args()
for v in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[v] = str(a.threads)  # before the library starts its threads

SHAPES = [  # name, transA, transB, m, n, k
    ('NN_128x400x784', False, False, 128, 400, 784),
    ('NN_128x784x400', False, False, 128, 784, 400),
    ('TN_784x400x128', True, False, 784, 400, 128),
    ('TN_400x784x128', True, False, 400, 784, 128),
    ('NT_128x400x784', False, True, 128, 400, 784),
]

if a.lib == 'numpy':
    import numpy as np
    rng = np.random.default_rng(1)
    rand = lambda shape: rng.standard_normal(shape, dtype=np.float32)
    empty = lambda shape: np.empty(shape, dtype=np.float32)
    t = lambda x: x.T
    mm = lambda x, y, out: np.matmul(x, y, out=out)
else:
    import torch
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    rand = lambda shape: torch.randn(shape, generator=g)
    empty = torch.empty
    t = lambda x: x.t()
    mm = lambda x, y, out: torch.mm(x, y, out=out)

for name, ta, tb, m, n, k in SHAPES:
    A, B = rand((k, m) if ta else (m, k)), rand((n, k) if tb else (k, n))
    opA, opB = (t(A) if ta else A), (t(B) if tb else B)
    C = empty((m, n))
    mm(opA, opB, C)
    times = []
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        for _ in range(a.reps):
            mm(opA, opB, C)
        times.append((time.perf_counter() - t0) / a.reps)
    med = sorted(times)[len(times) // 2]
    print(json.dumps(dict(name=name, threads=a.threads, lib=a.lib, coretype=os.environ.get('OPENBLAS_CORETYPE', ''),
                          median_s=med, gflops=2 * m * n * k / med / 1e9)), flush=True)
