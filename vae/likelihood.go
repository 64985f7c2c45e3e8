package vae

import (
	"fmt"
	"math"
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
// row's sum into rows (len B) when rows is not nil. The form
// max(l,0) − x·l + log(1 + e^(−|l|)) never overflows.
func BCEForward(logits, x Mat, rows []float64) float64 {
	mustShape("BCEForward targets x", x, logits.Rows, logits.Cols)
	var total float64
	for i := 0; i < logits.Rows; i++ {
		li, xi := logits.Row(i), x.Row(i)
		var s float64
		for j, l := range li {
			l64 := float64(l)
			s += max(l64, 0) - float64(xi[j])*l64 + math.Log1p(math.Exp(-math.Abs(l64)))
		}
		if rows != nil {
			rows[i] += s
		}
		total += s
	}
	return total
}

// BCEBackward sets dlogits = scale·(σ(l) − x), the gradient of
// scale·BCEForward with respect to the logits.
func BCEBackward(dlogits, logits, x Mat, scale float32) {
	mustShape("BCEBackward targets x", x, logits.Rows, logits.Cols)
	mustShape("BCEBackward gradient dlogits", dlogits, logits.Rows, logits.Cols)
	for i, l := range logits.Data {
		dlogits.Data[i] = scale * (sigmoid(l) - x.Data[i])
	}
}

// GaussianForward returns Σ (x − μ)²/(2s²) + D·log(s√(2π)) per row, summed,
// with μ = σ(logits), and adds each row's value into rows when not nil.
func GaussianForward(logits, x Mat, s float64, rows []float64) float64 {
	mustShape("GaussianForward targets x", x, logits.Rows, logits.Cols)
	norm := float64(logits.Cols) * math.Log(s*math.Sqrt(2*math.Pi))
	var total float64
	for i := 0; i < logits.Rows; i++ {
		li, xi := logits.Row(i), x.Row(i)
		var sq float64
		for j, l := range li {
			d := float64(sigmoid(l)) - float64(xi[j])
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

// GaussianBackward sets dlogits = scale·(μ − x)/s² · μ(1 − μ), μ = σ(l): the
// gradient of scale·GaussianForward with respect to the logits.
func GaussianBackward(dlogits, logits, x Mat, s float64, scale float32) {
	mustShape("GaussianBackward targets x", x, logits.Rows, logits.Cols)
	mustShape("GaussianBackward gradient dlogits", dlogits, logits.Rows, logits.Cols)
	c := scale / float32(s*s)
	for i, l := range logits.Data {
		mu := sigmoid(l)
		dlogits.Data[i] = c * (mu - x.Data[i]) * mu * (1 - mu)
	}
}

// BCETargetBackward adds the gradient of BCEForward with respect to its
// targets, ∂/∂x [softplus(l) − x·l] = −l, into dx. A model's input is also
// its reconstruction target, so the input gradient has this second path.
func BCETargetBackward(dx, logits Mat) {
	mustShape("BCETargetBackward gradient dx", dx, logits.Rows, logits.Cols)
	for i, l := range logits.Data {
		dx.Data[i] -= l
	}
}

// GaussianTargetBackward adds the gradient of GaussianForward with respect
// to its targets, (x − μ)/s², into dx.
func GaussianTargetBackward(dx, logits, x Mat, s float64) {
	mustShape("GaussianTargetBackward gradient dx", dx, logits.Rows, logits.Cols)
	inv := float32(1 / (s * s))
	for i, l := range logits.Data {
		dx.Data[i] += (x.Data[i] - sigmoid(l)) * inv
	}
}
