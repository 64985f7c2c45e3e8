package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

type benchShape struct {
	name           string
	transA, transB bool
	shape
}

// benchShapes are the products of one training step of the 784-400-20 VAE
// at batch 128 (the first five dominate), then some of its small ones.
var benchShapes = []benchShape{
	{"NN_128x400x784", false, false, shape{128, 400, 784}}, // encoder: X·W1
	{"NN_128x784x400", false, false, shape{128, 784, 400}}, // decoder: H·W4
	{"TN_784x400x128", true, false, shape{784, 400, 128}},  // dW1 = Xᵀ·dH
	{"TN_400x784x128", true, false, shape{400, 784, 128}},  // dW4 = Hᵀ·dY
	{"NT_128x400x784", false, true, shape{128, 400, 784}},  // dH = dY·W4ᵀ
	{"NN_128x20x400", false, false, shape{128, 20, 400}},   // mu = H·W2
	{"NT_128x400x20", false, true, shape{128, 400, 20}},    // dH = dMu·W2ᵀ
	{"TN_400x20x128", true, false, shape{400, 20, 128}},    // dW2 = Hᵀ·dMu
	{"TN_20x400x128", true, false, shape{20, 400, 128}},    // dW3 = Zᵀ·dH
	{"NT_128x20x400", false, true, shape{128, 20, 400}},    // dZ = dH·W3ᵀ
}

// BenchmarkMatMul reports GFLOP/s (2·m·n·k per product) for every shape,
// kernel and thread count: BenchmarkMatMul/<shape>/<kernel>/threads=N.
func BenchmarkMatMul(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, bs := range benchShapes {
		m, n, k := bs.m, bs.n, bs.k
		x, y, z := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, m*n)
		lda, ldb := k, n
		if bs.transA {
			lda = m
		}
		if bs.transB {
			ldb = k
		}
		for _, kn := range kernels {
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%s/threads=%d", bs.name, kn.name, threads), func(b *testing.B) {
					e := newEngine(threads, kn)
					defer e.Close()
					for b.Loop() {
						e.MatMul(bs.transA, bs.transB, m, n, k, x, lda, y, ldb, 0, z, n)
					}
					b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// BenchmarkTile times one micro-kernel call on packed operands that sit in
// L1: the ceiling the driver can reach.
func BenchmarkTile(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	const kc = 256
	for _, kn := range kernels {
		tiles := append([]edgeTile{{kn.nr, kn.tile}}, kn.edges...)
		for _, e := range tiles {
			b.Run(fmt.Sprintf("%s/%dx%d", kn.name, kn.mr, e.width), func(b *testing.B) {
				x, y, z := randSlice(r, kc*kn.mr), randSlice(r, kc*kn.nr), randSlice(r, kn.mr*kn.nr)
				for b.Loop() {
					e.tile(kc, x, 1, kn.mr, y, kn.nr, z, kn.nr, true)
				}
				b.ReportMetric(2*float64(kc*kn.mr*e.width)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
