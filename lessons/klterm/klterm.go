// Package klterm is the code of notebook 03, "The analytic KL term": the
// closed form of KL(N(μ, σ²) ‖ N(0, 1)), Monte-Carlo estimates converging
// to it, the KL a trained VAE spends on each latent dimension, and a first
// look at weighting it by β.
package klterm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Estimate is a Monte-Carlo estimate of the KL from K samples, with its
// standard error.
type Estimate struct {
	K              int
	Mean, StdError float64
}

// Convergence estimates KL(N(mu, diag(e^logVar)) ‖ N(0, I)) by
// vae.KLMonteCarlo at each sample count in ks (notebook 03 §3). The
// estimates close in on the closed form at the rate 1/√K.
func Convergence(mu, logVar []float64, ks []int, rng *rand.Rand) []Estimate {
	out := make([]Estimate, len(ks))
	for i, k := range ks {
		m, se := vae.KLMonteCarlo(mu, logVar, k, rng)
		out[i] = Estimate{K: k, Mean: m, StdError: se}
	}
	return out
}

// ClosedForm is vae.KLForward for one latent vector in float64:
// −½ Σ_j (1 + logVar_j − mu_j² − e^logVar_j).
func ClosedForm(mu, logVar []float64) float64 {
	var kl float64
	for j := range mu {
		kl += -0.5 * (1 + logVar[j] - mu[j]*mu[j] - math.Exp(logVar[j]))
	}
	return kl
}

// PerDim returns the KL of each latent dimension averaged over the rows of
// x (notebook 03 §4): how many nats the model spends on each. A dimension
// near 0 is unused: its posterior is the prior whatever the input.
// PerDim panics if m is not a VAE.
func PerDim(m *vae.Model, x vae.Mat) []float64 {
	if m.Config.Kind != vae.VAE {
		panic(fmt.Sprintf("klterm: PerDim needs a VAE, got %v", m))
	}
	mu, logVar := m.Encode(x)
	out := make([]float64, mu.Cols)
	for i := 0; i < mu.Rows; i++ {
		for j := range out {
			lv := float64(logVar.At(i, j))
			mj := float64(mu.At(i, j))
			out[j] += -0.5 * (1 + lv - mj*mj - math.Exp(lv))
		}
	}
	for j := range out {
		out[j] /= float64(mu.Rows)
	}
	return out
}

// Active counts the entries of perDim above threshold nats: the latent
// dimensions the model actually uses.
func Active(perDim []float64, threshold float64) int {
	n := 0
	for _, v := range perDim {
		if v > threshold {
			n++
		}
	}
	return n
}

// BetaRecipe is the VAE of notebook 03 §5 with KL weight beta: same
// architecture and training as notebook 01's VAE otherwise.
func BetaRecipe(data string, epochs, hidden, latent int, beta float64) course.Recipe {
	return course.Recipe{
		Name:  fmt.Sprintf("vae%d-beta%g", latent, beta),
		Model: vae.Config{Kind: vae.VAE, Hidden: hidden, Latent: latent, Beta: beta},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data, Seed: 1,
	}
}
