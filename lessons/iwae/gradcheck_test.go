package iwae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"

	"github.com/vaelab/govae/vae"
)

// mismatches and checkGrad are the module's finite-difference check
// (internal/gradcheck) at its default step and tolerances.
func mismatches(vals, grad []float32, loss func() float64) []string {
	return gradcheck.Default.Mismatches(vals, grad, loss)
}

func checkGrad(t *testing.T, name string, vals, grad []float32, loss func() float64) {
	t.Helper()
	gradcheck.Default.Check(t, name, vals, grad, loss)
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// randMat returns a rows×cols matrix of N(0, scale²) values.
func randMat(rng *rand.Rand, rows, cols int, scale float64) vae.Mat {
	m := vae.NewMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = float32(rng.NormFloat64() * scale)
	}
	return m
}

// coins returns a rows×cols matrix of 0s and 1s: binary digits.
func coins(rng *rand.Rand, rows, cols int) vae.Mat {
	m := vae.NewMat(rows, cols)
	for i := range m.Data {
		if rng.IntN(2) == 1 {
			m.Data[i] = 1
		}
	}
	return m
}

// TestModelGradients checks ∂(−Σ L_k)/∂Params of the whole model (the
// bound, the reconstruction and both log-densities of every sample, the
// reparameterization, the repetition and every layer) against finite
// differences, at k = 1 (the ELBO with a sampled KL) and k = 5, for the
// one-hidden-layer ReLU model and a two-layer tanh one.
func TestModelGradients(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		rows int
	}{
		{"relu 6-5-3", Config{Input: 6, Hidden: []int{5}, Latent: 3}, 3},
		{"tanh 5-4-3-2", Config{Input: 5, Hidden: []int{4, 3}, Latent: 2, Activation: "tanh"}, 2},
	} {
		for _, k := range []int{1, 5} {
			t.Run(fmt.Sprintf("%s k=%d", tc.name, k), func(t *testing.T) {
				m, err := New(tc.cfg, 5)
				if err != nil {
					t.Fatal(err)
				}
				defer m.Close()
				// Larger weights than New's spread the normalized
				// weights away from 1/k, so a mistake in them shows.
				rng := newRNG(6)
				for i := range m.Params {
					m.Params[i] *= 3
				}
				x := coins(rng, tc.rows, tc.cfg.Input)
				loss := func() float64 { return m.Forward(x, k, newRNG(42)).Total }
				loss()
				if k > 1 {
					var lo, hi float64 = 1, 0
					for _, w := range m.acts.wnorm {
						lo, hi = min(lo, w), max(hi, w)
					}
					t.Logf("normalized weights from %.3f to %.3f (1/k = %.3f)", lo, hi, 1/float64(k))
				}
				m.ZeroGrad()
				m.Backward()
				checkGrad(t, "params", m.Params, m.Grads, loss)
			})
		}
	}
}

// TestCheckCatchesUnweightedGradients makes sure the check can fail: at
// k = 5, the gradient of the plain average of the log weights (every
// w̃_i = 1/k, the ELBO's gradient) is not the bound's.
func TestCheckCatchesUnweightedGradients(t *testing.T) {
	m, err := New(Config{Input: 6, Hidden: []int{5}, Latent: 3}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := range m.Params {
		m.Params[i] *= 3
	}
	x := coins(newRNG(6), 3, 6)
	loss := func() float64 { return m.Forward(x, 5, newRNG(42)).Total }
	loss()
	for i := range m.acts.wnorm {
		m.acts.wnorm[i] = 1.0 / 5
	}
	m.ZeroGrad()
	m.Backward()
	if len(mismatches(m.Params, m.Grads, loss)) == 0 {
		t.Error("the ELBO's gradient passed as the k = 5 bound's")
	}
}

// dot is Σ a⊙b in float64: a random linear read-out turns a layer's output
// into a scalar loss whose gradient with respect to the output is b.
func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func randRows(rng *rand.Rand, n int) []float64 {
	r := make([]float64, n)
	for i := range r {
		r[i] = rng.NormFloat64()
	}
	return r
}

// TestDensityGradients checks LogPriorBackward and LogPosteriorBackward
// against finite differences of a random read-out Σ_r g_r·log density_r,
// for z, mu and logVar separately (σ = e^(logVar/2) recomputed from
// logVar, as vae.ReparamForward computes it).
func TestDensityGradients(t *testing.T) {
	rng := newRNG(1)
	const R, Z = 4, 3
	z, mu, logVar := randMat(rng, R, Z, 1), randMat(rng, R, Z, 1), randMat(rng, R, Z, 0.5)
	g := randRows(rng, R)
	sdOf := func() vae.Mat {
		sd := vae.NewMat(R, Z)
		for i, lv := range logVar.Data {
			sd.Data[i] = float32(math.Exp(0.5 * float64(lv)))
		}
		return sd
	}
	prior := func() float64 {
		rows := make([]float64, R)
		LogPriorForward(rows, z)
		return dot(rows, g)
	}
	dz := vae.NewMat(R, Z)
	LogPriorBackward(dz, g, z)
	checkGrad(t, "LogPrior dz", z.Data, dz.Data, prior)

	post := func() float64 {
		rows := make([]float64, R)
		LogPosteriorForward(rows, z, mu, logVar, sdOf())
		return dot(rows, g)
	}
	dz, dmu, dlv := vae.NewMat(R, Z), vae.NewMat(R, Z), vae.NewMat(R, Z)
	LogPosteriorBackward(dz, dmu, dlv, g, z, mu, sdOf())
	checkGrad(t, "LogPosterior dz", z.Data, dz.Data, post)
	checkGrad(t, "LogPosterior dmu", mu.Data, dmu.Data, post)
	checkGrad(t, "LogPosterior dlogVar", logVar.Data, dlv.Data, post)
}

// TestRepeatAndTanhGradients checks RepeatBackward and TanhBackward
// against finite differences of a random read-out of their outputs.
func TestRepeatAndTanhGradients(t *testing.T) {
	rng := newRNG(2)
	x := randMat(rng, 3, 4, 1)
	const k = 3
	gy := randMat(rng, 3*k, 4, 1)
	repeat := func() float64 {
		y := vae.NewMat(3*k, 4)
		RepeatForward(y, x, k)
		return dot64(y, gy)
	}
	dx := vae.NewMat(3, 4)
	RepeatBackward(dx, gy, k)
	checkGrad(t, "Repeat dx", x.Data, dx.Data, repeat)

	gt := randMat(rng, 3, 4, 1)
	tanh := func() float64 {
		y := vae.NewMat(3, 4)
		TanhForward(y, x)
		return dot64(y, gt)
	}
	y := vae.NewMat(3, 4)
	TanhForward(y, x)
	dx = vae.NewMat(3, 4)
	TanhBackward(dx, gt, y)
	checkGrad(t, "Tanh dx", x.Data, dx.Data, tanh)
}

func dot64(a, b vae.Mat) float64 {
	var s float64
	for i, v := range a.Data {
		s += float64(v) * float64(b.Data[i])
	}
	return s
}

// TestBoundGradient checks BoundBackward in float64, where the bound
// lives: step 1e-5 on log weights of size ~100 gives a central difference
// good to ~1e-9 (rounding 1e-16·100/1e-5 = 1e-9, truncation h² ≈ 1e-10),
// so 1e-6 is a tolerance no wrong weight passes. The log weights are
// spread over 4 nats so the normalized weights differ.
func TestBoundGradient(t *testing.T) {
	rng := newRNG(3)
	const B, k = 3, 4
	logw := make([]float64, B*k)
	for i := range logw {
		logw[i] = -100 + 2*rng.NormFloat64()
	}
	g := randRows(rng, B)
	bound := func() float64 {
		b, w := make([]float64, B), make([]float64, B*k)
		BoundForward(b, w, logw, k)
		return dot(b, g)
	}
	b, w := make([]float64, B), make([]float64, B*k)
	BoundForward(b, w, logw, k)
	dlogw := make([]float64, B*k)
	BoundBackward(dlogw, g, w, k)
	const h = 1e-5
	for i := range logw {
		orig := logw[i]
		logw[i] = orig + h
		up := bound()
		logw[i] = orig - h
		down := bound()
		logw[i] = orig
		if fd := (up - down) / (2 * h); math.Abs(fd-dlogw[i]) > 1e-6 {
			t.Errorf("dlogw[%d]: analytic %.9g, finite difference %.9g", i, dlogw[i], fd)
		}
	}
	for d := range B {
		var s float64
		for _, v := range w[d*k : (d+1)*k] {
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("digit %d: normalized weights sum to %v, want 1", d, s)
		}
	}
}
