package vae

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLatentLayerMatchesFloat64 checks the latent layer's four functions,
// which share σ = e^(½·logVar) computed once in float32 (vec.Exp), against
// their formulas in float64 with math.Exp, on the same ε, over logVar from
// −20 to 20.
func TestLatentLayerMatchesFloat64(t *testing.T) {
	const rows, cols = 7, 13
	src := rand.New(rand.NewPCG(3, 4))
	mu, logVar, dz := NewMat(rows, cols), NewMat(rows, cols), NewMat(rows, cols)
	for i := range mu.Data {
		mu.Data[i] = float32(src.NormFloat64() * 2)
		logVar.Data[i] = float32(40*src.Float64() - 20)
		dz.Data[i] = float32(src.NormFloat64())
	}
	for _, beta := range []float32{1, 0.25, 4} {
		z, eps, sd := NewMat(rows, cols), NewMat(rows, cols), NewMat(rows, cols)
		klRow := make([]float64, rows)
		ReparamForward(z, eps, sd, mu, logVar, rand.New(rand.NewPCG(5, 6)))
		kl := KLForward(mu, logVar, sd, klRow)
		dmu, dlogVar := NewMat(rows, cols), NewMat(rows, cols)
		ReparamBackward(dmu, dlogVar, dz, eps, sd)
		KLBackward(dmu, dlogVar, mu, sd, beta)

		draw := rand.New(rand.NewPCG(5, 6))
		wantZ, wantDmu, wantDlv := make([]float32, rows*cols), make([]float32, rows*cols), make([]float32, rows*cols)
		zSize, dmuSize, dlvSize := make([]float64, rows*cols), make([]float64, rows*cols), make([]float64, rows*cols)
		wantKL := make([]float64, rows)
		for i := range wantZ {
			e := float64(float32(draw.NormFloat64()))
			if float32(e) != eps.Data[i] {
				t.Fatalf("eps[%d] = %g, want %g: ε must be drawn in order, one per element", i, eps.Data[i], e)
			}
			m, lv, g, b := float64(mu.Data[i]), float64(logVar.Data[i]), float64(dz.Data[i]), float64(beta)
			s := math.Exp(0.5 * lv)
			wantZ[i] = float32(m + s*e)
			wantDmu[i] = float32(g + b*m)
			wantDlv[i] = float32(g*0.5*s*e + b*0.5*(s*s-1))
			wantKL[i/cols] += -0.5 * (1 + lv - m*m - s*s)
			// Each result may differ by a few float32 roundings of the
			// terms it sums, which can be much larger than the result.
			zSize[i] = math.Abs(m) + s*math.Abs(e)
			dmuSize[i] = math.Abs(g) + b*math.Abs(m)
			dlvSize[i] = math.Abs(g)*0.5*s*math.Abs(e) + b*0.5*(s*s+1)
		}
		near(t, "z", z.Data, wantZ, zSize)
		near(t, "dmu", dmu.Data, wantDmu, dmuSize)
		near(t, "dlogVar", dlogVar.Data, wantDlv, dlvSize)
		var sum float64
		for i, w := range wantKL {
			sum += w
			if math.Abs(klRow[i]-w) > 1e-6*math.Abs(w) {
				t.Errorf("β=%g: KL row %d = %.9g, want %.9g", beta, i, klRow[i], w)
			}
		}
		if math.Abs(kl-sum) > 1e-6*math.Abs(sum) {
			t.Errorf("β=%g: KL = %.9g, want %.9g", beta, kl, sum)
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

// sdOf returns σ = e^(½·logVar) as ReparamForward keeps it, for tests of
// KLForward and KLBackward alone.
func sdOf(logVar Mat) Mat {
	sd := NewMat(logVar.Rows, logVar.Cols)
	ReparamForward(NewMat(logVar.Rows, logVar.Cols), NewMat(logVar.Rows, logVar.Cols), sd, NewMat(logVar.Rows, logVar.Cols), logVar, rand.New(rand.NewPCG(0, 0)))
	return sd
}
