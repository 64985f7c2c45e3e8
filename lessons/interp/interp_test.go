package interp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestJumpsAndSmoothness(t *testing.T) {
	even := vae.MatFrom(4, 1, []float32{0, 1, 2, 3})
	steep := vae.MatFrom(4, 1, []float32{0, 0, 3, 3})
	for _, tc := range []struct {
		name  string
		m     vae.Mat
		ratio float64
	}{{"even steps", even, 1}, {"one jump", steep, 3}} {
		_, _, r := Smoothness(Jumps(tc.m))
		if math.Abs(r-tc.ratio) > 1e-12 {
			t.Errorf("%s: ratio %g, want %g", tc.name, r, tc.ratio)
		}
	}
}

func TestPathEndsAtReconstructions(t *testing.T) {
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 16, Hidden: 8, Latent: 3}, 1)
	a, b := make([]float32, 16), make([]float32, 16)
	for i := range a {
		a[i], b[i] = float32(i%2), float32((i+1)%2)
	}
	frames := Path(m, a, b, 7, true)
	rec := m.Reconstruct(vae.MatFrom(2, 16, append(append([]float32{}, a...), b...)))
	for j := 0; j < 16; j++ {
		if math.Abs(float64(frames.At(0, j)-rec.At(0, j))) > 1e-6 || math.Abs(float64(frames.At(6, j)-rec.At(1, j))) > 1e-6 {
			t.Fatalf("path ends differ from the reconstructions at pixel %d", j)
		}
	}
	lin, sph := LatentNorms(m, a, b, 7, false), LatentNorms(m, a, b, 7, true)
	if lin[3] > sph[3]+1e-6 {
		t.Errorf("midway norm: linear %.4f above spherical %.4f", lin[3], sph[3])
	}
}

func TestSurveyIsDeterministicAndAtLeastOne(t *testing.T) {
	// An untrained model with 64 hidden units decodes different codes to
	// different images, so every path moves and its ratio exceeds 1.
	m, _ := vae.New(vae.Config{Kind: vae.AE, Input: 16, Hidden: 64, Latent: 3}, 1)
	x := vae.NewMat(10, 16)
	for i := range x.Data {
		x.Data[i] = float32((i*7)%5) / 4
	}
	a := Survey(m, x, 20, 9, false, rand.New(rand.NewPCG(1, 1)))
	b := Survey(m, x, 20, 9, false, rand.New(rand.NewPCG(1, 1)))
	if len(a) != 20 {
		t.Fatalf("Survey returned %d ratios for 20 pairs", len(a))
	}
	for k := range a {
		if a[k] != b[k] || a[k] < 1 || math.IsNaN(a[k]) {
			t.Errorf("pair %d: ratios %g and %g; want equal and at least 1 (the largest jump is at least the mean)", k, a[k], b[k])
		}
	}
	mean, se := MeanSE(a)
	if mean <= 1 {
		t.Errorf("mean ratio %g; want above 1 (most paths are uneven)", mean)
	}
	t.Logf("mean ratio %.3f ± %.3f", mean, se)
}

func TestMeanSE(t *testing.T) {
	tests := []struct {
		xs       []float64
		mean, se float64
	}{
		{[]float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3 / 4)}, // sample variance 5/3
		{[]float64{7, 7, 7}, 7, 0},
		{[]float64{-1, 1}, 0, 1}, // sd √2, over √2
	}
	for _, tc := range tests {
		mean, se := MeanSE(tc.xs)
		if math.Abs(mean-tc.mean) > 1e-12 || math.Abs(se-tc.se) > 1e-12 {
			t.Errorf("MeanSE(%v) = %g, %g; want %g, %g", tc.xs, mean, se, tc.mean, tc.se)
		}
	}
	if _, se := MeanSE([]float64{3}); !math.IsNaN(se) {
		t.Errorf("MeanSE of one value: standard error %g, want NaN", se)
	}
}
