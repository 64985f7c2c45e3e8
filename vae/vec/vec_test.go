package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// paths lists the implementations this build and CPU can run, each as a
// function of the flag that picks it; tests run every one.
func paths() []bool {
	if useAVX2 {
		return []bool{false, true}
	}
	return []bool{false}
}

func pathName(asm bool) string {
	if asm {
		return "avx2"
	}
	return "go"
}

func TestExp32(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 100000; i++ {
		x := -87.0 * float64(i) / 100000
		got := float64(exp32(float32(x)))
		want := math.Exp(float64(float32(x)))
		worst = max(worst, math.Abs(got-want)/want)
	}
	// float32 has a relative spacing of 1.2e-7; Cephes' expf is within
	// about 1 ulp.
	if worst > 2.5e-7 {
		t.Errorf("exp32: worst relative error %.3g on [-87, 0], want ≤ 2.5e-7", worst)
	}
	if got := exp32(-200); got <= 0 || got > 1e-37 {
		t.Errorf("exp32(-200) = %g, want a tiny positive number", got)
	}
}

func TestLog32(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 100000; i++ {
		u := float32(1 + float64(i)/100000)
		got := float64(log32(u))
		want := math.Log(float64(u))
		worst = max(worst, math.Abs(got-want))
	}
	if worst > 1.2e-7 {
		t.Errorf("log32: worst absolute error %.3g on [1, 2], want ≤ 1.2e-7", worst)
	}
}

// bce64 is the loss and the probabilities in float64 with the standard
// library, and the sum of the terms' sizes, which bounds float32 rounding.
func bce64(l, x []float32) (float64, []float64, float64) {
	var sum, size float64
	p := make([]float64, len(l))
	for j := range l {
		lj, xj := float64(l[j]), float64(x[j])
		sum += max(lj, 0) - xj*lj + math.Log1p(math.Exp(-math.Abs(lj)))
		size += max(lj, 0) + math.Abs(xj*lj) + 1
		p[j] = 1 / (1 + math.Exp(-lj))
	}
	return sum, p, size
}

func TestBCE(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float32{0, 1e-8, -1e-8, 0.5, -0.5, 20, -20, 88, -88, 100, -100, 1e4, -1e4, float32(math.Sqrt2), -float32(math.Sqrt2)}
	for _, asm := range paths() {
		for _, n := range []int{1, 7, 8, 9, 31, 784} {
			t.Run(fmt.Sprintf("%s/n=%d", pathName(asm), n), func(t *testing.T) {
				l, x, p := make([]float32, n), make([]float32, n), make([]float32, n)
				for j := range l {
					l[j] = float32(rng.NormFloat64() * 8)
					if j < len(special) {
						l[j] = special[j]
					}
					x[j] = float32(rng.Float64())
					if j%3 == 0 {
						x[j] = float32(j % 2) // binary pixels, as in MNIST
					}
				}
				var got float64
				if asm {
					got = bceAVX2(p[:n&^7], l, x) + bceGo(p[n&^7:], l[n&^7:], x[n&^7:])
				} else {
					got = bceGo(p, l, x)
				}
				want, wantP, size := bce64(l, x)
				// Each float32 term is rounded a few times, each time by
				// at most 6e-8 of the numbers added; the sum is float64.
				if math.Abs(got-want) > 3e-7*size {
					t.Errorf("loss %.9g, float64 reference %.9g", got, want)
				}
				for j := range p {
					if math.Abs(float64(p[j])-wantP[j]) > 3e-7 {
						t.Errorf("p[%d] (l = %g, x = %g) = %.9g, want %.9g", j, l[j], x[j], p[j], wantP[j])
					}
				}
			})
		}
	}
}

func TestAdam(t *testing.T) {
	const n = 1003
	rng := rand.New(rand.NewPCG(3, 4))
	s := AdamStep{Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001, Step: 1e-3 / (1 - 0.9), InvC2: float32(1 / math.Sqrt(1-0.999)), Eps: 1e-8}
	for _, asm := range paths() {
		t.Run(pathName(asm), func(t *testing.T) {
			p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range p {
				p[i], g[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()*1e-2)
				m[i], v[i] = float32(rng.NormFloat64()*1e-2), float32(rng.Float64()*1e-4)
			}
			p0, m0, v0 := append([]float32(nil), p...), append([]float32(nil), m...), append([]float32(nil), v...)
			if asm {
				adamAVX2(p[:n&^7], g, m, v, &s)
				adamGo(p[n&^7:], g[n&^7:], m[n&^7:], v[n&^7:], s)
			} else {
				adamGo(p, g, m, v, s)
			}
			for i := range p {
				gi := float64(g[i])
				wm := 0.9*float64(m0[i]) + 0.1*gi
				wv := 0.999*float64(v0[i]) + 0.001*gi*gi
				wp := float64(p0[i]) - float64(s.Step)*wm/(math.Sqrt(wv)*float64(s.InvC2)+1e-8)
				// Each result is a sum of float32 terms, each rounded to a
				// relative 6e-8 (twice that with a fused multiply-add left
				// out), so the error is bounded by the terms' size, not the
				// result's: m's two terms can nearly cancel.
				const u = 2.5e-7
				upd := float64(s.Step) * math.Abs(wm) / (math.Sqrt(wv)*float64(s.InvC2) + 1e-8)
				if math.Abs(float64(m[i])-wm) > u*(0.9*math.Abs(float64(m0[i]))+0.1*math.Abs(gi)) ||
					math.Abs(float64(v[i])-wv) > u*(0.999*float64(v0[i])+0.001*gi*gi) ||
					math.Abs(float64(p[i])-wp) > u*math.Abs(float64(p0[i]))+4*u*upd {
					t.Fatalf("element %d: p %.9g m %.9g v %.9g, want %.9g %.9g %.9g", i, p[i], m[i], v[i], wp, wm, wv)
				}
			}
		})
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"BCE": func() { BCE(make([]float32, 3), make([]float32, 4), make([]float32, 4)) },
		"Adam": func() {
			Adam(make([]float32, 3), make([]float32, 3), make([]float32, 2), make([]float32, 3), AdamStep{})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with slices of different lengths did not panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkBCE(b *testing.B) {
	const n = 128 * 784 // one batch of logits
	l, x, dl := make([]float32, n), make([]float32, n), make([]float32, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for j := range l {
		l[j], x[j] = float32(rng.NormFloat64()*4), float32(rng.Float64())
	}
	for _, asm := range paths() {
		b.Run(pathName(asm), func(b *testing.B) {
			for b.Loop() {
				if asm {
					bceAVX2(dl, l, x)
				} else {
					bceGo(dl, l, x)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}

func BenchmarkAdam(b *testing.B) {
	const n = 648824 // the 784-400-20 VAE's parameters
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	s := AdamStep{Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001, Step: 1e-3, InvC2: 1, Eps: 1e-8}
	for _, asm := range paths() {
		b.Run(pathName(asm), func(b *testing.B) {
			for b.Loop() {
				if asm {
					adamAVX2(p, g, m, v, &s)
				} else {
					adamGo(p, g, m, v, s)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}
