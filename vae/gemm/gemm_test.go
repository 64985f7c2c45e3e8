package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelByName returns the kernel called name, skipping the test when this
// CPU or build cannot run it.
func kernelByName(tb testing.TB, name string) *kernel {
	for _, k := range kernels {
		if k.name == name {
			return k
		}
	}
	tb.Skipf("kernel %s not available on this CPU or build", name)
	return nil
}

// allKernelNames are the kernels the tests try; those the CPU lacks skip.
var allKernelNames = []string{"avx512", "avx2", "go"}

// tolRel bounds |got-want| relative to k·max|a|·max|b|. Both sides round
// each of k products and sums to float32 (ε ≈ 6e-8) in different orders and
// with or without fused multiply-adds; 1e-5 is about 170ε, well above what
// that reordering produces at these k and well below the error of one
// dropped or doubled product (about max|a|·max|b|/k ≥ 1e-3 of the bound).
const tolRel = 1e-5

type shape struct{ m, n, k int }

// testShapes are odd shapes and shapes on either side of every tile and
// blocking edge: mr ∈ {4, 6, 8}, nr ∈ {16, 32}, kcMax = 256, ncMax = 512.
var testShapes = []shape{
	{1, 1, 1}, {7, 13, 5}, {33, 65, 17}, {1, 40, 3}, {40, 1, 3},
	{3, 5, 0}, {4, 16, 1}, {5, 17, 2}, {6, 16, 9}, {8, 32, 7}, {9, 33, 11},
	{7, 31, 13}, {12, 48, 3}, {13, 47, 300}, {16, 64, 256}, {17, 63, 257},
	{24, 96, 513}, {2, 530, 20}, {25, 1040, 9}, {128, 20, 40}, {20, 45, 128},
}

func randSlice(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = 2*r.Float32() - 1
	}
	return x
}

func maxAbs(x []float32) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(float64(v)))
	}
	return m
}

// checkProduct runs one product through e and through Naive and reports
// any element of C, or any padding element beyond a row of C, that differs.
func checkProduct(t *testing.T, e *Engine, transA, transB bool, s shape, pad int, beta float32, r *rand.Rand) {
	t.Helper()
	m, n, k := s.m, s.n, s.k
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	lda, ldb, ldc := ac+pad, bc+2*pad, n+pad
	a := randSlice(r, max(0, (ar-1)*lda+ac))
	b := randSlice(r, max(0, (br-1)*ldb+bc))
	c0 := randSlice(r, m*ldc)
	got := append([]float32(nil), c0...)
	want := append([]float32(nil), c0...)
	e.MatMul(transA, transB, m, n, k, a, lda, b, ldb, beta, got, ldc)
	Naive(transA, transB, m, n, k, a, lda, b, ldb, beta, want, ldc)
	tol := tolRel*float64(k)*maxAbs(a)*maxAbs(b) + 1e-6
	compareC(t, got, want, c0, m, n, ldc, tol)
}

// compareC reports any element of the m×n C (leading dimension ldc) where
// got and want differ by more than tol, and any padding element beyond a
// row of C that got changed from its value c0 before the product.
func compareC(t *testing.T, got, want, c0 []float32, m, n, ldc int, tol float64) {
	t.Helper()
	bad := 0
	for i := 0; i < m; i++ {
		for j := 0; j < ldc; j++ {
			g, w := got[i*ldc+j], want[i*ldc+j]
			if j >= n && g != c0[i*ldc+j] {
				t.Errorf("padding C[%d,%d] changed from %g to %g", i, j, c0[i*ldc+j], g)
				return
			}
			if d := math.Abs(float64(g - w)); !(d <= tol) {
				if bad++; bad <= 3 {
					t.Errorf("C[%d,%d] = %g, want %g (tol %.3g)", i, j, g, w, tol)
				}
			}
		}
	}
	if bad > 3 {
		t.Errorf("%d elements of %d differ", bad, m*n)
	}
}

func TestMatMulMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) {
			kn := kernelByName(t, name)
			for _, threads := range []int{1, 2, 3} {
				e := newEngine(threads, kn)
				defer e.Close()
				for _, s := range testShapes {
					for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
						for _, beta := range []float32{0, 1, 0.5} {
							for _, pad := range []int{0, 3} {
								name := fmt.Sprintf("threads=%d/%dx%dx%d/tA=%v,tB=%v/beta=%g/pad=%d", threads, s.m, s.n, s.k, tr[0], tr[1], beta, pad)
								t.Run(name, func(t *testing.T) {
									checkProduct(t, e, tr[0], tr[1], s, pad, beta, r)
								})
							}
						}
					}
				}
			}
		})
	}
}

// TestTrainingShapes checks the five products of one training step of the
// 784-400-20 VAE at batch 128, on every kernel, with the pool in use.
func TestTrainingShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) {
			kn := kernelByName(t, name)
			e := newEngine(2, kn)
			defer e.Close()
			for _, bs := range benchShapes {
				checkProduct(t, e, bs.transA, bs.transB, bs.shape, 0, 0, r)
				checkProduct(t, e, bs.transA, bs.transB, bs.shape, 0, 1, r)
			}
		})
	}
}

func TestMatMulNoAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, threads := range []int{1, 2} {
		e := New(threads)
		a, b, c := randSlice(r, 128*784), randSlice(r, 784*400), randSlice(r, 128*400)
		allocs := testing.AllocsPerRun(20, func() {
			e.MatMul(false, true, 128, 400, 784, a, 784, b[:400*784], 784, 0, c, 400)
			e.MatMul(false, false, 128, 400, 784, a, 784, b, 400, 1, c, 400)
			e.MatMul(true, false, 784, 400, 128, a, 784, c, 400, 0, b, 400)
		})
		e.Close()
		if allocs != 0 {
			t.Errorf("threads=%d: MatMul allocates %v times per run, want 0", threads, allocs)
		}
	}
}

func TestKernelFromEnv(t *testing.T) {
	for _, name := range Kernels() {
		t.Setenv(EnvKernel, name)
		e := New(1)
		if got := e.Kernel(); got != name {
			t.Errorf("%s=%s: Kernel() = %q", EnvKernel, name, got)
		}
		e.Close()
	}
	t.Setenv(EnvKernel, "no-such-kernel")
	if got, want := New(1).Kernel(), Kernels()[0]; got != want {
		t.Errorf("unknown %s: Kernel() = %q, want the fastest, %q", EnvKernel, got, want)
	}
	if got := Kernels()[len(Kernels())-1]; got != "go" {
		t.Errorf("last kernel is %q, want go", got)
	}
}

func TestMatMulPanicsOnShortSlice(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MatMul with a short C did not panic")
		}
	}()
	New(1).MatMul(false, false, 2, 2, 2, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 3), 2)
}
