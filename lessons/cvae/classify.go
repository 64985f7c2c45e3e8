package cvae

import (
	"github.com/vaelab/govae/vae"
)

// Scores returns, for each image of x (B, D) and each class k, the
// negative conditional ELBO of x under label k, (B, C) (notebook 06 §8):
//
//	score(x, k) = −log p(x | z = μ, y = k) + KL(q(z | x, y = k) ‖ N(0, I))
//
// with the code taken at the encoder's mean μ instead of a random sample,
// so the scores are deterministic. A lower score means label k explains x
// better; since the ELBO bounds log p(x | y) from below, Bayes' rule with
// a uniform prior over labels turns the CVAE into a classifier.
func (m *Model) Scores(x vae.Mat) vae.Mat {
	c := m.Config
	mustShape("Model.Scores images x", x, x.Rows, c.Input)
	out := vae.NewMat(x.Rows, c.Classes)
	labels := make([]int, x.Rows)
	recon, kl := make([]float64, x.Rows), make([]float64, x.Rows)
	for k := range c.Classes {
		for i := range labels {
			labels[i] = k
		}
		y := OneHot(labels, c.Classes)
		mu, logVar := m.Encode(x, y)
		clear(recon)
		clear(kl)
		vae.BCEForward(m.DecodeLogits(mu, y), x, recon)
		vae.KLForward(mu, logVar, kl)
		for i := range labels {
			out.Row(i)[k] = float32(recon[i] + kl[i])
		}
	}
	return out
}

// Classify returns, for each image of x (B, D), the label whose score
// (see Scores) is lowest.
func (m *Model) Classify(x vae.Mat) []int {
	s := m.Scores(x)
	out := make([]int, x.Rows)
	for i := range out {
		row := s.Row(i)
		for k, v := range row {
			if v < row[out[i]] {
				out[i] = k
			}
		}
	}
	return out
}

// Accuracy is the fraction of predicted labels equal to the true ones.
func Accuracy(predicted []int, truth []uint8) float64 {
	if len(predicted) == 0 {
		return 0
	}
	right := 0
	for i, p := range predicted {
		if p == int(truth[i]) {
			right++
		}
	}
	return float64(right) / float64(len(predicted))
}
