"""Times MKL sgemm (through PyTorch 2 from PyPI, whose CPU matmul is MKL) at
the VAE's training shapes, printing the same JSON lines as openblas_sgemm.py.

Run by gemmbench with -mkl-python, round by round between its Go
measurements. torch.mm on a transposed view passes the transpose to sgemm as
a flag; torch.set_num_threads sets MKL's (and OpenMP's) thread count.
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--reps', type=int, default=200)
ap.add_argument('--rounds', type=int, default=7)
a = ap.parse_args()
os.environ['OMP_NUM_THREADS'] = os.environ['MKL_NUM_THREADS'] = str(a.threads)
import torch  # after the thread counts are set
torch.set_num_threads(a.threads)

SHAPES = [  # name, transA, transB, m, n, k
    ('NN_128x400x784', False, False, 128, 400, 784),
    ('NN_128x784x400', False, False, 128, 784, 400),
    ('TN_784x400x128', True, False, 784, 400, 128),
    ('TN_400x784x128', True, False, 400, 784, 128),
    ('NT_128x400x784', False, True, 128, 400, 784),
]
g = torch.Generator().manual_seed(1)
blas = 'mkl' if 'BLAS_INFO=mkl' in torch.__config__.show() else 'unknown'
for name, ta, tb, m, n, k in SHAPES:
    A = torch.randn((k, m) if ta else (m, k), generator=g)
    B = torch.randn((n, k) if tb else (k, n), generator=g)
    opA, opB = (A.t() if ta else A), (B.t() if tb else B)
    C = torch.empty((m, n))
    torch.mm(opA, opB, out=C)
    times = []
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        for _ in range(a.reps):
            torch.mm(opA, opB, out=C)
        times.append((time.perf_counter() - t0) / a.reps)
    med = sorted(times)[len(times) // 2]
    print(json.dumps(dict(name=name, threads=a.threads, blas=blas, torch=torch.__version__,
                          median_s=med, gflops=2 * m * n * k / med / 1e9)), flush=True)
