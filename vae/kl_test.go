package vae

import (
	"math"
	"testing"
)

func TestAnalyticKLMatchesMonteCarlo(t *testing.T) {
	for _, tc := range []struct {
		name       string
		mu, logVar []float64
	}{
		{"prior itself", []float64{0, 0}, []float64{0, 0}},
		{"shifted mean", []float64{1.5, -0.5, 0.2}, []float64{0, 0, 0}},
		{"narrow", []float64{0.3, 0.1}, []float64{-3, -2}},
		{"wide and shifted", []float64{-1, 2, 0.5, 0}, []float64{1, 0.5, -1, 0.2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu := MatFrom(1, len(tc.mu), f32(tc.mu))
			lv := MatFrom(1, len(tc.logVar), f32(tc.logVar))
			exact := KLForward(mu, lv, sdOf(lv), nil)
			est, se := KLMonteCarlo(tc.mu, tc.logVar, 200000, newRNG(8))
			// 4 standard errors: a correct estimator fails with p ≈ 6e-5.
			// For the prior itself log q − log p is 0 for every sample: se = 0.
			if math.Abs(est-exact) > 4*se+1e-9 {
				t.Errorf("analytic KL %.5f, Monte Carlo %.5f ± %.5f (more than 4 standard errors apart)", exact, est, se)
			}
		})
	}
}

func TestReparamSampleMoments(t *testing.T) {
	const n = 100000
	mu := MatFrom(n, 2, make([]float32, 2*n))
	lv := MatFrom(n, 2, make([]float32, 2*n))
	for i := 0; i < n; i++ {
		mu.Data[2*i], mu.Data[2*i+1] = 1.5, -2
		lv.Data[2*i], lv.Data[2*i+1] = float32(math.Log(0.25)), float32(math.Log(4))
	}
	z, eps, sd := NewMat(n, 2), NewMat(n, 2), NewMat(n, 2)
	ReparamForward(z, eps, sd, mu, lv, newRNG(9))
	for j, want := range []struct{ mean, variance float64 }{{1.5, 0.25}, {-2, 4}} {
		var s, ss float64
		for i := 0; i < n; i++ {
			v := float64(z.At(i, j))
			s += v
			ss += v * v
		}
		mean := s / n
		variance := ss/n - mean*mean
		// Standard errors: σ/√n for the mean, σ²·√(2/n) for the variance
		// of a Gaussian sample; allow 4 of each.
		if se := math.Sqrt(want.variance / n); math.Abs(mean-want.mean) > 4*se {
			t.Errorf("dim %d: sample mean %.4f, want %.4f ± %.4f", j, mean, want.mean, 4*se)
		}
		if se := want.variance * math.Sqrt(2.0/n); math.Abs(variance-want.variance) > 4*se {
			t.Errorf("dim %d: sample variance %.4f, want %.4f ± %.4f", j, variance, want.variance, 4*se)
		}
	}
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
