package vae

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLatentMatchesReparamAndKL checks the fused latent layer against the
// four functions it fuses, on the same ε, over logVar from −20 to 20.
func TestLatentMatchesReparamAndKL(t *testing.T) {
	const rows, cols = 7, 13
	for _, beta := range []float32{1, 0.25, 4} {
		m, err := New(Config{Kind: VAE, Input: 5, Hidden: 3, Latent: cols}, 1)
		if err != nil {
			t.Fatal(err)
		}
		a := m.ensure(rows)
		src := rand.New(rand.NewPCG(3, 4))
		for i := range a.mu.Data {
			a.mu.Data[i] = float32(src.NormFloat64() * 2)
			a.logVar.Data[i] = float32(40*src.Float64() - 20)
			a.dz.Data[i] = float32(src.NormFloat64())
		}
		// The reference: the lessons' functions, one after another.
		z, eps := NewMat(rows, cols), NewMat(rows, cols)
		klRow := make([]float64, rows)
		ReparamForward(z, eps, a.mu, a.logVar, rand.New(rand.NewPCG(5, 6)))
		kl := KLForward(a.mu, a.logVar, klRow)
		dmu, dlogVar := NewMat(rows, cols), NewMat(rows, cols)
		ReparamBackward(dmu, dlogVar, a.dz, eps, a.logVar)
		KLBackward(dmu, dlogVar, a.mu, a.logVar, beta)

		clear(a.klRow)
		gotKL := m.latentForward(rand.New(rand.NewPCG(5, 6)))
		m.latentBackward(beta)

		for i := range eps.Data {
			if a.eps.Data[i] != eps.Data[i] {
				t.Fatalf("eps[%d] = %g, want %g: the fused layer must draw ε in the same order", i, a.eps.Data[i], eps.Data[i])
			}
		}
		// Each result may differ by a few float32 roundings of the terms
		// it sums, which can be much larger than the result itself.
		zSize, dmuSize, dlvSize := make([]float64, rows*cols), make([]float64, rows*cols), make([]float64, rows*cols)
		for i := range zSize {
			sd := math.Exp(0.5 * float64(a.logVar.Data[i]))
			mu, e, g := math.Abs(float64(a.mu.Data[i])), math.Abs(float64(eps.Data[i])), math.Abs(float64(a.dz.Data[i]))
			zSize[i] = mu + sd*e
			dmuSize[i] = g + float64(beta)*mu
			dlvSize[i] = g*0.5*sd*e + float64(beta)*0.5*(sd*sd+1)
		}
		near(t, "z", a.z.Data, z.Data, zSize)
		near(t, "dmu", a.dmu.Data, dmu.Data, dmuSize)
		near(t, "dlogVar", a.dlogVar.Data, dlogVar.Data, dlvSize)
		if d := math.Abs(gotKL - kl); d > 1e-6*math.Abs(kl) {
			t.Errorf("β=%g: KL = %.9g, want %.9g", beta, gotKL, kl)
		}
		for i := range klRow {
			if d := math.Abs(a.klRow[i] - klRow[i]); d > 1e-6*math.Abs(klRow[i]) {
				t.Errorf("β=%g: KL row %d = %.9g, want %.9g", beta, i, a.klRow[i], klRow[i])
			}
		}
	}
}

// near fails t if got and want differ anywhere by more than 4 float32
// roundings (4·2⁻²⁴) of size, the sum of the sizes of the terms behind
// each element.
func near(t *testing.T, name string, got, want []float32, size []float64) {
	t.Helper()
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if math.Abs(g-w) > 4*0x1p-24*size[i] {
			t.Errorf("%s[%d] = %.9g, want %.9g (terms of size %.3g)", name, i, g, w, size[i])
			return
		}
	}
}
