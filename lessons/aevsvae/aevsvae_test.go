package aevsvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestHoles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	gauss := func(n int, scale, shift float64) vae.Mat {
		m := vae.NewMat(n, 20)
		for i := range m.Data {
			m.Data[i] = float32(rng.NormFloat64()*scale + shift)
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		codes    vae.Mat
		min, max float64
	}{
		// Codes drawn from the prior itself: by construction 1% of norms
		// fall below the range and 1% above, so about 2% miss.
		{"codes from the prior", gauss(2000, 1, 0), 0.005, 0.05},
		// Codes spread 4x wider, as an AE's were: their norms are ~4x the
		// prior's, so nearly every prior draw misses.
		{"codes spread wide", gauss(2000, 4, 0), 0.95, 1},
		// A tight cluster at the origin: every draw lies outside it.
		{"codes in a small cluster", gauss(2000, 0.05, 0), 0.95, 1},
	} {
		got := Holes(tc.codes, 2000, rng)
		if got < tc.min || got > tc.max {
			t.Errorf("%s: Holes = %.3f, want in [%.2f, %.2f]", tc.name, got, tc.min, tc.max)
		}
	}
}

func TestRecipesShareArchitecture(t *testing.T) {
	ae, v := Recipes("mnist-small", 2, 64, 2)
	if ae.Model.Kind != vae.AE || v.Model.Kind != vae.VAE {
		t.Fatalf("kinds %v, %v", ae.Model.Kind, v.Model.Kind)
	}
	a, b := ae.Model, v.Model
	a.Kind, b.Kind = 0, 0
	if a != b || ae.Train.Epochs != v.Train.Epochs || ae.Train.Seed != v.Train.Seed || ae.CheckpointPath("d") == v.CheckpointPath("d") {
		t.Errorf("AE and VAE recipes differ beyond their kind: %+v vs %+v", ae, v)
	}
}

func TestSpread(t *testing.T) {
	m, s := Spread(vae.MatFrom(2, 2, []float32{1, 3, 1, 3}))
	if m != 2 || s != 1 {
		t.Errorf("Spread = %g, %g; want 2, 1", m, s)
	}
}

func TestPixelError(t *testing.T) {
	a := vae.MatFrom(1, 4, []float32{0, 1, 0, 1})
	b := vae.MatFrom(1, 4, []float32{0, 0, 0, 0.5})
	if got := PixelError(a, b); got != (1+0.25)/4 {
		t.Errorf("PixelError = %g, want 0.3125", got)
	}
}

func TestDecoderInputs(t *testing.T) {
	x := vae.NewMat(3, 6)
	for _, k := range []vae.Kind{vae.AE, vae.VAE} {
		m, _ := vae.New(vae.Config{Kind: k, Input: 6, Hidden: 4, Latent: 2}, 1)
		mu, _ := m.Encode(x)
		z := DecoderInputs(m, x, rand.New(rand.NewPCG(1, 1)))
		same := mu.Data[0] == z.Data[0]
		if same != (k == vae.AE) {
			t.Errorf("%v: decoder input equals the mean: %v", k, same)
		}
	}
}

func TestPixelErrorRejectsEmptyOrMismatched(t *testing.T) {
	for _, tc := range [][2]vae.Mat{
		{vae.NewMat(0, 4), vae.NewMat(0, 4)},
		{vae.NewMat(2, 4), vae.NewMat(2, 5)},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("PixelError(%v, %v) did not panic", tc[0], tc[1])
				}
			}()
			PixelError(tc[0], tc[1])
		}()
	}
}
