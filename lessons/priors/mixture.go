package priors

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// halfLog2Pi is ½ log 2π, the normalizing constant of a normal per
// dimension.
const halfLog2Pi = 0.91893853320467274178

// LogNormal returns log N(z; mean, diag e^logVar), the log-density of a
// diagonal Gaussian at z (notebook 12, exercise 1):
//
//	−Σ_j [ ½ log 2π + ½ logVar_j + ½ (z_j − mean_j)² e^(−logVar_j) ].
func LogNormal(z, mean, logVar []float64) float64 {
	var s float64
	for j, v := range z {
		d := v - mean[j]
		s -= halfLog2Pi + 0.5*logVar[j] + 0.5*d*d*math.Exp(-logVar[j])
	}
	return s
}

// LogMixture returns the log-density at z of the mixture of diagonal
// Gaussians with the given means and log-variances (one row per
// component) and weights softmax(logits) (notebook 12, exercise 2),
//
//	log p(z) = log Σ_k π_k N(z; m_k, diag e^lv_k),  π = softmax(logits),
//
// computed with a log-sum-exp, so that a z far from every component (each
// density below float64's smallest number) still has a finite log-density.
// When resp is not nil it receives the responsibilities, the posterior
// probability of each component given z,
//
//	r_k = π_k N(z; m_k, e^lv_k) / p(z),
//
// which the backward pass needs (notebook 12, exercise 3).
func LogMixture(z []float64, means, logVars [][]float64, logits []float64, resp []float64) float64 {
	terms := make([]float64, len(means))
	norm := likelihood.LogSumExp(logits)
	for k := range means {
		terms[k] = logits[k] - norm + LogNormal(z, means[k], logVars[k])
	}
	lp := likelihood.LogSumExp(terms)
	for k := range resp {
		resp[k] = math.Exp(terms[k] - lp)
	}
	return lp
}

// Mixture is the state a mixture prior's forward pass keeps for its
// backward pass: the components it read and each row's responsibilities.
type Mixture struct {
	// LogDensity, if not nil, computes each row's log p(z) in place of
	// LogMixture (a notebook sets the learner's own); the
	// responsibilities still come from LogMixture.
	LogDensity func(z []float64, means, logVars [][]float64, logits []float64) float64

	means, logVars [][]float64 // (K, Z) in float64
	logits         []float64   // (K)
	resp           [][]float64 // (R, K) responsibilities of the last forward pass
}

// Forward adds log p(z_r) of each row of z (R, Z) into rows (len R), under
// the mixture of K diagonal Gaussians with means and logVars (K, Z) and
// weights softmax(logits) (len K), calling LogMixture row by row, and
// keeps the responsibilities for Backward. It panics if the shapes do not
// fit.
func (mx *Mixture) Forward(rows []float64, z, means, logVars vae.Mat, logits []float32) {
	k := means.Rows
	if len(rows) != z.Rows || means.Cols != z.Cols || logVars.Rows != k || logVars.Cols != z.Cols || len(logits) != k {
		panic(fmt.Sprintf("priors: Mixture.Forward: %d rows for z %v, means %v, logVars %v, %d logits", len(rows), z, means, logVars, len(logits)))
	}
	mx.means, mx.logVars, mx.logits = rows64(means), rows64(logVars), vec64(logits)
	if cap(mx.resp) < z.Rows || (len(mx.resp) > 0 && len(mx.resp[0]) != k) {
		mx.resp = make([][]float64, z.Rows)
		for r := range mx.resp {
			mx.resp[r] = make([]float64, k)
		}
	}
	mx.resp = mx.resp[:z.Rows]
	for r := range rows {
		zr := vec64(z.Row(r))
		lp := LogMixture(zr, mx.means, mx.logVars, mx.logits, mx.resp[r])
		if mx.LogDensity != nil {
			lp = mx.LogDensity(zr, mx.means, mx.logVars, mx.logits)
		}
		rows[r] += lp
	}
}

// Backward adds the gradient of Σ_r drows_r · log p(z_r) into dz (R, Z),
// dmeans and dlogVars (K, Z) and dlogits (len K), from the z of the last
// Forward and its responsibilities r_rk, with u = (z − m_k) e^(−lv_k):
//
//	∂log p(z)/∂z      = −Σ_k r_k u
//	∂log p(z)/∂m_k    = r_k u
//	∂log p(z)/∂lv_k   = r_k (−½ + ½ (z − m_k)² e^(−lv_k))
//	∂log p(z)/∂logit_k = r_k − π_k
//
// A gradient with no data (a prior whose weights are fixed) is skipped. It
// panics if no Forward preceded it or the shapes do not fit.
func (mx *Mixture) Backward(dz, dmeans, dlogVars vae.Mat, dlogits []float32, drows []float64, z vae.Mat) {
	if len(mx.resp) != z.Rows || len(drows) != z.Rows {
		panic(fmt.Sprintf("priors: Mixture.Backward: %d row gradients and %d rows of responsibilities for z %v", len(drows), len(mx.resp), z))
	}
	pi := make([]float64, len(mx.logits))
	norm := likelihood.LogSumExp(mx.logits)
	for k, l := range mx.logits {
		pi[k] = math.Exp(l - norm)
	}
	for r, g := range drows {
		zr := z.Row(r)
		for k, rk := range mx.resp[r] {
			w := g * rk
			m, lv := mx.means[k], mx.logVars[k]
			for j, v := range zr {
				d := float64(v) - m[j]
				prec := math.Exp(-lv[j])
				if dz.Data != nil {
					dz.Row(r)[j] -= float32(w * d * prec)
				}
				if dmeans.Data != nil {
					dmeans.Row(k)[j] += float32(w * d * prec)
				}
				if dlogVars.Data != nil {
					dlogVars.Row(k)[j] += float32(w * (-0.5 + 0.5*d*d*prec))
				}
			}
			if dlogits != nil {
				dlogits[k] += float32(g * (rk - pi[k]))
			}
		}
	}
}

func vec64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func rows64(m vae.Mat) [][]float64 {
	out := make([][]float64, m.Rows)
	for i := range out {
		out[i] = vec64(m.Row(i))
	}
	return out
}
