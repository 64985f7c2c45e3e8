package vae

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Encode returns the encoder's mean and log-variance for a batch x (B, D),
// each (B, Z). An AE's logVar is nil-sized (0×0): it has no variance.
// Encode allocates its results and leaves training buffers alone.
func (m *Model) Encode(x Mat) (mu, logVar Mat) {
	c := m.Config
	mustShape("Model.Encode batch x", x, x.Rows, c.Input)
	h1 := NewMat(x.Rows, c.Hidden)
	m.Fc1.Forward(h1, x)
	ReLUForward(h1, h1)
	mu = NewMat(x.Rows, c.Latent)
	m.FcMu.Forward(mu, h1)
	if m.FcLogVar != nil {
		logVar = NewMat(x.Rows, c.Latent)
		m.FcLogVar.Forward(logVar, h1)
	}
	return mu, logVar
}

// Decode maps latents z (B, Z) to the decoder's mean image (B, D): pixel
// probabilities σ(logits) for either likelihood.
func (m *Model) Decode(z Mat) Mat {
	y := m.DecodeLogits(z)
	SigmoidForward(y, y)
	return y
}

// DecodeLogits maps latents z (B, Z) to the decoder's logits (B, D), the
// numbers log p(x|z) is computed from without rounding σ(l) to 0 or 1:
// BCEForward(DecodeLogits(z), x, nil) is −log p(x|z) for the Bernoulli
// decoder.
func (m *Model) DecodeLogits(z Mat) Mat {
	c := m.Config
	mustShape("Model.Decode latents z", z, z.Rows, c.Latent)
	h3 := NewMat(z.Rows, c.Hidden)
	m.Fc3.Forward(h3, z)
	ReLUForward(h3, h3)
	y := NewMat(z.Rows, c.Input)
	m.Fc4.Forward(y, h3)
	return y
}

// Reconstruct decodes the encoder's mean of each row of x: the model's
// deterministic reconstruction (B, D).
func (m *Model) Reconstruct(x Mat) Mat {
	mu, _ := m.Encode(x)
	return m.Decode(mu)
}

// SamplePrior draws n latents from the prior N(0, I), (n, Z).
func (m *Model) SamplePrior(n int, rng *rand.Rand) Mat {
	z := NewMat(n, m.Config.Latent)
	for i := range z.Data {
		z.Data[i] = float32(rng.NormFloat64())
	}
	return z
}

// Interpolate returns steps latents (steps, Z) on the path from a to b,
// both ends included: the straight line (1−t)·a + t·b, or, when spherical,
// the great-circle path of Shoemake's slerp,
//
//	sin((1−t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b,  cos Ω = a·b / (|a||b|),
//
// which keeps the norm of a Gaussian latent typical instead of shrinking
// it towards the origin midway. Slerp falls back to the line when a and b
// are (nearly) parallel.
func Interpolate(a, b []float32, steps int, spherical bool) Mat {
	if len(a) != len(b) {
		panic(fmt.Sprintf("vae: Interpolate: endpoints of length %d and %d", len(a), len(b)))
	}
	if steps < 2 {
		panic(fmt.Sprintf("vae: Interpolate: %d steps; need at least 2 (the two ends)", steps))
	}
	out := NewMat(steps, len(a))
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	omega := math.Acos(max(-1, min(1, dot/math.Sqrt(na*nb))))
	for s := 0; s < steps; s++ {
		t := float64(s) / float64(steps-1)
		wa, wb := 1-t, t
		if spherical && math.Sin(omega) > 1e-6 {
			wa = math.Sin((1-t)*omega) / math.Sin(omega)
			wb = math.Sin(t*omega) / math.Sin(omega)
		}
		row := out.Row(s)
		for i := range row {
			row[i] = float32(wa*float64(a[i]) + wb*float64(b[i]))
		}
	}
	return out
}
