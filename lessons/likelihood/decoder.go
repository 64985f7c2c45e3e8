package likelihood

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/vae"
)

// NLL computes −log p(x|z) from the decoder's logits (B, D) for targets x
// (B, D), adding each row's value into rows (len B), like vae.BCEForward.
type NLL func(logits, x vae.Mat, rows []float64)

// ModelNLL returns the reconstruction term m was trained with: the
// Bernoulli mass vae.BCEForward, or the Gaussian density
// vae.GaussianForward with the model's pixel standard deviation s.
func ModelNLL(m *vae.Model) NLL {
	if m.Config.Likelihood == vae.Gaussian {
		s := m.Config.Sigma
		return func(logits, x vae.Mat, rows []float64) { vae.GaussianForward(vae.Mat{}, logits, x, s, rows) }
	}
	return func(logits, x vae.Mat, rows []float64) { vae.BCEForward(vae.Mat{}, logits, x, rows) }
}

// RoundedGaussianNLL turns a Gaussian decoder into a model of binary
// pixels (notebook 07 §5): a pixel is 1 when its Gaussian draw
// N(μ, s²), μ = σ(logit), lands above ½, which has probability
//
//	P(x_d = 1 | z) = Φ((μ_d − ½)/s),  Φ the standard normal CDF,
//
// and 0 otherwise. The two cases sum to 1, so this is a probability mass,
// as comparable with the Bernoulli decoder's as a density is not. Targets
// must be 0 or 1; RoundedGaussianNLL panics otherwise, since the mass of
// any other value is 0.
func RoundedGaussianNLL(s float64) NLL {
	return func(logits, x vae.Mat, rows []float64) {
		if logits.Rows != x.Rows || logits.Cols != x.Cols || len(rows) != x.Rows {
			panic(fmt.Sprintf("likelihood: RoundedGaussianNLL: logits %v, targets %v, %d rows", logits, x, len(rows)))
		}
		for i := 0; i < x.Rows; i++ {
			var nll float64
			for j, l := range logits.Row(i) {
				a := (1/(1+math.Exp(-float64(l))) - 0.5) / s
				switch x.At(i, j) {
				case 1:
					nll -= logPhi(a)
				case 0:
					nll -= logPhi(-a)
				default:
					panic(fmt.Sprintf("likelihood: RoundedGaussianNLL: pixel (%d, %d) is %v; binarize the digits first", i, j, x.At(i, j)))
				}
			}
			rows[i] += nll
		}
	}
}

// logPhi is log Φ(a) = log(½ erfc(−a/√2)); erfc keeps its relative
// precision in the lower tail, where 1 − ½erfc(a/√2) would round to 0.
func logPhi(a float64) float64 { return math.Log(0.5 * math.Erfc(-a/math.Sqrt2)) }
