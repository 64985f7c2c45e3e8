"""Times OpenBLAS sgemm (through numpy) at the VAE's training shapes.

Run by gemmbench, round by round between its Go measurements. Prints one
JSON line per shape: name, threads, median seconds, GFLOP/s. numpy's float32
matmul calls the system BLAS's cblas_sgemm (Debian: the libblas.so.3
alternative, OpenBLAS once libopenblas0-pthread is installed), passing
transposes as flags rather than copying. OPENBLAS_CORETYPE picks its kernel.
"""
import argparse, json, os, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--reps', type=int, default=200)
ap.add_argument('--rounds', type=int, default=7)
ap.add_argument('--shapes', default='', help='comma-separated names; all if empty')
a = ap.parse_args()
os.environ['OPENBLAS_NUM_THREADS'] = str(a.threads)
import numpy as np  # after the thread count is set

SHAPES = [  # name, transA, transB, m, n, k
    ('NN_128x400x784', False, False, 128, 400, 784),
    ('NN_128x784x400', False, False, 128, 784, 400),
    ('TN_784x400x128', True, False, 784, 400, 128),
    ('TN_400x784x128', True, False, 400, 784, 128),
    ('NT_128x400x784', False, True, 128, 400, 784),
]
rng = np.random.default_rng(1)
want = set(filter(None, a.shapes.split(',')))
for name, ta, tb, m, n, k in SHAPES:
    if want and name not in want:
        continue
    A = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    B = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    opA, opB = (A.T if ta else A), (B.T if tb else B)
    C = np.empty((m, n), dtype=np.float32)
    np.matmul(opA, opB, out=C)
    times = []
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        for _ in range(a.reps):
            np.matmul(opA, opB, out=C)
        times.append((time.perf_counter() - t0) / a.reps)
    med = sorted(times)[len(times) // 2]
    print(json.dumps(dict(name=name, threads=a.threads, coretype=os.environ.get('OPENBLAS_CORETYPE', ''),
                          median_s=med, gflops=2 * m * n * k / med / 1e9)), flush=True)
