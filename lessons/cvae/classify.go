package cvae

import (
	"math"

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
		vae.BCEForward(vae.Mat{}, m.DecodeLogits(mu, y), x, recon)
		vae.KLForward(mu, logVar, vae.Mat{}, kl)
		for i := range labels {
			out.Row(i)[k] = float32(recon[i] + kl[i])
		}
	}
	return out
}

// Classify returns, for each image of x (B, D), the label whose score
// (see Scores) is lowest, as BestLabel chooses it.
func (m *Model) Classify(x vae.Mat) []int {
	s := m.Scores(x)
	out := make([]int, x.Rows)
	row := make([]float64, s.Cols)
	for i := range out {
		for k, v := range s.Row(i) {
			row[k] = float64(v)
		}
		out[i] = BestLabel(row)
	}
	return out
}

// BestLabel returns the label k whose score (one digit's row of Scores,
// the negative conditional ELBO under each label) is lowest: the ELBO
// classifier's choice (notebook 06 §8). On a tie the smaller label wins.
// A NaN score never wins (a label whose ELBO could not be computed is no
// evidence for it); when no score is a number (all NaN, or no labels at
// all) BestLabel returns −1, no label.
func BestLabel(scores []float64) int {
	best := -1
	for k, s := range scores {
		if !math.IsNaN(s) && (best < 0 || s < scores[best]) {
			best = k
		}
	}
	return best
}

// Posterior returns p(y = k | x) for every label k from one digit's
// scores (as BestLabel takes them), with equally likely labels and the
// conditional ELBO standing in for log p(x | y) (notebook 06 §8):
//
//	p(k | x) = e^(−score_k) / Σ_j e^(−score_j)
//
// computed as e^(lowest − score_k) / Σ_j e^(lowest − score_j), so the
// largest term is exactly 1 and scores of thousands of nats, where
// e^(−score) underflows to 0 (or e^(+score) overflows), still give the
// right probabilities. A label with score +Inf gets probability 0; a NaN
// or −Inf score, or every score +Inf, makes every probability NaN. No
// scores give an empty slice.
func Posterior(scores []float64) []float64 {
	lowest := math.Inf(1)
	for _, s := range scores {
		lowest = min(lowest, s) // NaN if any score is NaN
	}
	p := make([]float64, len(scores))
	var sum float64
	for k, s := range scores {
		p[k] = math.Exp(lowest - s)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
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
