package aevsvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestHoles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	gauss := func(n int, scale, shift float64) vae.Mat {
		m := vae.NewMat(n, 2)
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
		// Codes drawn from the prior itself: by construction only the
		// prior's sparse tail is farther than the 95th percentile.
		{"codes from the prior", gauss(2000, 1, 0), 0, 0.15},
		// Codes far from the origin: nearly every prior draw is in a hole.
		{"codes shifted away", gauss(2000, 1, 6), 0.9, 1},
		// A tight cluster at the origin: draws outside it are in holes.
		{"codes in a small cluster", gauss(2000, 0.05, 0), 0.9, 1},
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
