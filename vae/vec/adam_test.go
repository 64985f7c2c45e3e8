package vec

import (
	"math"
	"testing"
	"time"
)

// TestAdamFlushesSubnormals checks, on both paths, that moments and
// gradients below the smallest normal float32 are taken as 0 and stored
// as 0, and that normal ones are not touched by the flush.
func TestAdamFlushesSubnormals(t *testing.T) {
	s := AdamStep{Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001, Step: 1e-2, InvC2: 31.6, Eps: 1e-8}
	const n = 16
	for _, asm := range paths() {
		t.Run(pathName(asm), func(t *testing.T) {
			p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range p {
				p[i] = 1
				m[i], v[i] = 1e-39, 1e-40 // subnormal: the moments of a weight whose gradient has been 0 for long
				if i%2 == 1 {
					m[i], v[i], g[i] = 2e-38, 1e-30, 1e-20 // β1·m is subnormal; v stays normal; g² underflows
				}
			}
			if asm {
				adamAVX2(p, g, m, v, &s)
			} else {
				adamGo(p, g, m, v, s)
			}
			for i := range p {
				if i%2 == 0 && (m[i] != 0 || v[i] != 0 || p[i] != 1) {
					t.Errorf("subnormal moments: m %g, v %g, p %g; want 0, 0 and p unchanged", m[i], v[i], p[i])
				}
				if i%2 == 1 {
					wantM := float32(0.1 * 1e-20) // 0.9·2e-38 is subnormal and flushed; (1−β1)·g is normal
					if math.Abs(float64(m[i]-wantM)) > 1e-7*float64(wantM) || v[i] == 0 {
						t.Errorf("m %g (want %g), v %g (want 0.999e-30)", m[i], wantM, v[i])
					}
				}
			}
		})
	}
}

// TestAdamRestoresFloatMode checks that the AVX2 path leaves the thread's
// floating-point mode as it found it: Go code after it still computes
// subnormal numbers rather than zeros.
func TestAdamRestoresFloatMode(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 path on this machine or build")
	}
	p, g, m, v := make([]float32, 8), make([]float32, 8), make([]float32, 8), make([]float32, 8)
	adamAVX2(p, g, m, v, &AdamStep{Beta1: 0.9, Beta2: 0.999})
	if got := mul(1e-38, 0.5); got == 0 {
		t.Fatalf("1e-38 × 0.5 = 0 after adamAVX2: flush-to-zero was left on")
	}
}

// BenchmarkAdamSubnormal times Adam over moments in the subnormal range
// against moments in the normal range, alternating the two in one loop,
// and reports their ratio. Some CPUs (many Intel cores) take a microcode
// assist for every operation on a subnormal number; with the flush the
// ratio stays near 1 on any CPU. The gradients are 0, as for a weight of a
// pixel that is blank in every digit.
func BenchmarkAdamSubnormal(b *testing.B) {
	const n = 1 << 16 // 256 KB a slice: the four fit in L2, so memory does not hide the arithmetic
	s := AdamStep{Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001, Step: 1e-3, InvC2: 31.6, Eps: 1e-8}
	for _, asm := range paths() {
		b.Run(pathName(asm), func(b *testing.B) {
			p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			mNorm, vNorm, mSub, vSub := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range mNorm {
				mNorm[i], vNorm[i] = 1e-3*float32(i%7+1), 1e-6*float32(i%5+1)
				mSub[i], vSub[i] = 1e-39*float32(i%7+1), 1e-40*float32(i%5+1)
			}
			run := func(m0, v0 []float32) time.Duration {
				copy(m, m0)
				copy(v, v0)
				start := time.Now()
				if asm {
					adamAVX2(p, g, m, v, &s)
				} else {
					adamGo(p, g, m, v, s)
				}
				return time.Since(start)
			}
			var normal, subnormal time.Duration
			for b.Loop() {
				normal += run(mNorm, vNorm)
				subnormal += run(mSub, vSub)
			}
			b.ReportMetric(float64(subnormal)/float64(normal), "subnormal/normal")
			b.ReportMetric(float64(normal.Nanoseconds())/float64(b.N)/n, "ns/param-normal")
			b.ReportMetric(float64(subnormal.Nanoseconds())/float64(b.N)/n, "ns/param-subnormal")
		})
	}
}

// mul is x·y computed at run time, out of the compiler's reach.
//
//go:noinline
func mul(x, y float32) float32 { return x * y }
