package latent

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// tinyPlane is an untrained VAE with a 2-D latent and 6 pixels, small
// enough to integrate by brute force; its decoder's weights are scaled up
// so that p(x|z) varies over the window.
func tinyPlane(t *testing.T) *vae.Model {
	t.Helper()
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 6, Hidden: 5, Latent: 2, Threads: 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Fc3.W {
		m.Fc3.W[i] *= 3
	}
	return m
}

// bruteForce sums p(x|z) p(z) over a uniform n × n grid on [−lo, lo]²,
// in float64 throughout except the decoder.
func bruteForce(m *vae.Model, x vae.Mat, lo float64, n int) float64 {
	h := 2 * lo / float64(n-1)
	var terms []float64
	z := vae.NewMat(n, 2)
	target := vae.NewMat(n, x.Cols)
	for r := range n {
		copy(target.Row(r), x.Row(0))
	}
	for a := range n {
		for b := range n {
			z.Row(b)[0], z.Row(b)[1] = float32(-lo+float64(a)*h), float32(-lo+float64(b)*h)
		}
		nll := make([]float64, n)
		vae.BCEForward(vae.Mat{}, m.DecodeLogits(z), target, nll)
		for b := range n {
			z1, z2 := float64(z.Row(b)[0]), float64(z.Row(b)[1])
			terms = append(terms, -nll[b]-0.5*(z1*z1+z2*z2)-math.Log(2*math.Pi))
		}
	}
	return likelihood.LogSumExp(terms) + math.Log(h*h)
}

func TestLogMarginal2D(t *testing.T) {
	m := tinyPlane(t)
	for _, pixels := range [][]float32{{1, 0, 1, 1, 0, 0}, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1}} {
		x := vae.MatFrom(1, 6, pixels)
		brute := bruteForce(m, x, 9, 901)
		for _, w := range []Window{{8, 161}, {12, 241}} {
			if got := LogMarginal2D(m, x, w); math.Abs(got-brute) > 1e-5 {
				t.Errorf("%v, window %+v: %.7f, brute force %.7f", pixels, w, got, brute)
			}
		}
		// A window too narrow misses mass: the test can fail.
		if got := LogMarginal2D(m, x, Window{0.5, 41}); math.Abs(got-brute) < 1e-3 {
			t.Errorf("%v: a window of ±0.5σ gives %.7f, within 1e-3 of %.7f: the test cannot tell windows apart", pixels, got, brute)
		}
	}
	// Sum over all 64 patterns: a probability mass, so 1.
	var s float64
	for n := range 64 {
		px := make([]float32, 6)
		for i := range px {
			px[i] = float32(n >> i & 1)
		}
		s += math.Exp(LogMarginal2D(m, vae.MatFrom(1, 6, px), Window{8, 121}))
	}
	if math.Abs(s-1) > 1e-5 {
		t.Errorf("Σ_x p(x) over the 64 patterns = %.8f", s)
	}
}
