package vae

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/vae/vec"
)

// Likelihood names the decoder's output distribution p(x|z), which sets the
// reconstruction term of the loss.
type Likelihood int

const (
	// Bernoulli treats each pixel as a coin with probability σ(logit):
	// −log p(x|z) = Σ_d [softplus(l_d) − x_d·l_d], the binary cross-entropy
	// from logits (summed, as in pytorch/examples).
	Bernoulli Likelihood = iota
	// Gaussian treats each pixel as N(σ(logit), s²):
	// −log p(x|z) = Σ_d (x_d − μ_d)²/(2s²) + D·log(s·√(2π)), a scaled squared error.
	Gaussian
)

// String returns "bernoulli" or "gaussian".
func (l Likelihood) String() string {
	switch l {
	case Bernoulli:
		return "bernoulli"
	case Gaussian:
		return "gaussian"
	}
	return fmt.Sprintf("Likelihood(%d)", int(l))
}

// ParseLikelihood is the inverse of Likelihood.String.
func ParseLikelihood(s string) (Likelihood, error) {
	switch s {
	case "bernoulli", "bce":
		return Bernoulli, nil
	case "gaussian", "mse":
		return Gaussian, nil
	}
	return 0, fmt.Errorf("vae: unknown likelihood %q: use bernoulli or gaussian", s)
}

// BCEForward returns the binary cross-entropy Σ [softplus(l) − x·l] of
// targets x ∈ [0,1] under logits l, summed over all elements, and adds each
// row's sum into rows (len B) when rows is not nil. It keeps the
// probabilities σ(l) that BCEBackward needs in probs, when probs has
// data. The form max(l,0) − x·l + log(1 + e^(−|l|)) never overflows, and
// shares e^(−|l|) with σ(l): vec.BCE computes both in one pass, each term
// in float32, each row summed in float64.
func BCEForward(probs, logits, x Mat, rows []float64) float64 {
	mustShape("BCEForward targets x", x, logits.Rows, logits.Cols)
	var scratch []float32
	if probs.Data == nil {
		scratch = make([]float32, logits.Cols)
	} else {
		mustShape("BCEForward probabilities probs", probs, logits.Rows, logits.Cols)
	}
	var total float64
	for i := 0; i < logits.Rows; i++ {
		p := scratch
		if scratch == nil {
			p = probs.Row(i)
		}
		s := vec.BCE(p, logits.Row(i), x.Row(i))
		if rows != nil {
			rows[i] += s
		}
		total += s
	}
	return total
}

// BCEBackward sets dlogits = scale·(σ(l) − x), the gradient of
// scale·BCEForward with respect to the logits, from the probabilities
// σ(l) that BCEForward kept.
func BCEBackward(dlogits, probs, x Mat, scale float32) {
	mustShape("BCEBackward targets x", x, probs.Rows, probs.Cols)
	mustShape("BCEBackward gradient dlogits", dlogits, probs.Rows, probs.Cols)
	vec.ScaledSub(dlogits.Data, probs.Data, x.Data, scale) // dlogits = scale·(p − x)
}

// GaussianForward returns Σ (x − μ)²/(2s²) + D·log(s√(2π)) per row, summed,
// with μ = σ(logits), and adds each row's value into rows when not nil. It
// keeps μ, which GaussianBackward needs, in mean when mean has data.
func GaussianForward(mean, logits, x Mat, s float64, rows []float64) float64 {
	mustShape("GaussianForward targets x", x, logits.Rows, logits.Cols)
	if mean.Data != nil {
		mustShape("GaussianForward means mean", mean, logits.Rows, logits.Cols)
	}
	norm := float64(logits.Cols) * math.Log(s*math.Sqrt(2*math.Pi))
	var total float64
	for i := 0; i < logits.Rows; i++ {
		li, xi := logits.Row(i), x.Row(i)
		var sq float64
		for j, l := range li {
			mu := sigmoid(l)
			if mean.Data != nil {
				mean.Data[i*mean.Cols+j] = mu
			}
			d := float64(mu) - float64(xi[j])
			sq += d * d
		}
		v := sq/(2*s*s) + norm
		if rows != nil {
			rows[i] += v
		}
		total += v
	}
	return total
}

// GaussianBackward sets dlogits = scale·(μ − x)/s² · μ(1 − μ), the
// gradient of scale·GaussianForward with respect to the logits, from the
// means μ = σ(l) that GaussianForward kept.
func GaussianBackward(dlogits, mean, x Mat, s float64, scale float32) {
	mustShape("GaussianBackward targets x", x, mean.Rows, mean.Cols)
	mustShape("GaussianBackward gradient dlogits", dlogits, mean.Rows, mean.Cols)
	c := scale / float32(s*s)
	for i, mu := range mean.Data {
		dlogits.Data[i] = c * (mu - x.Data[i]) * mu * (1 - mu)
	}
}

// bceTargetBackward adds the gradient of BCEForward with respect to its
// targets, ∂/∂x [softplus(l) − x·l] = −l, into dx. A model's input is also
// its reconstruction target, so the input gradient has this second path.
func bceTargetBackward(dx, logits Mat) {
	mustShape("bceTargetBackward gradient dx", dx, logits.Rows, logits.Cols)
	for i, l := range logits.Data {
		dx.Data[i] -= l
	}
}

// gaussianTargetBackward adds the gradient of GaussianForward with respect
// to its targets, (x − μ)/s², into dx, from the means μ that
// GaussianForward kept.
func gaussianTargetBackward(dx, mean, x Mat, s float64) {
	mustShape("gaussianTargetBackward gradient dx", dx, mean.Rows, mean.Cols)
	inv := float32(1 / (s * s))
	for i, mu := range mean.Data {
		dx.Data[i] += (x.Data[i] - mu) * inv
	}
}
