package vae

import (
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae/vec"
)

// KLForward returns the KL divergence of q = N(mu, diag(σ²)) from the
// prior N(0, I), in closed form, summed over rows:
//
//	KL(q ‖ p) = −½ Σ_j (1 + logVar_j − mu_j² − σ_j²)
//
// with σ = e^(logVar/2) as ReparamForward kept it in sd, and adds each
// row's KL into rows (len B) when rows is not nil. Each row is summed in
// float64. When sd has no data (vae.Mat{}), KLForward computes σ itself,
// as ReparamForward does, for a KL without a sample.
func KLForward(mu, logVar, sd Mat, rows []float64) float64 {
	mustShape("KLForward logVar", logVar, mu.Rows, mu.Cols)
	if sd.Data != nil {
		mustShape("KLForward sd", sd, mu.Rows, mu.Cols)
	}
	var total float64
	for i := 0; i < mu.Rows; i++ {
		mi, li := mu.Row(i), logVar.Row(i)
		var kl float64
		for j, m := range mi {
			var s float64
			if sd.Data != nil {
				s = float64(sd.Data[i*sd.Cols+j])
			} else {
				s = float64(vec.Exp(0.5 * li[j]))
			}
			lv, m64 := float64(li[j]), float64(m)
			kl += -0.5 * (1 + lv - m64*m64 - s*s)
		}
		if rows != nil {
			rows[i] += kl
		}
		total += kl
	}
	return total
}

// KLBackward adds the gradient of scale·KLForward into dmu and dlogVar:
//
//	∂KL/∂mu     = mu
//	∂KL/∂logVar = ½(σ² − 1)
func KLBackward(dmu, dlogVar, mu, sd Mat, scale float32) {
	mustShape("KLBackward sd", sd, mu.Rows, mu.Cols)
	mustShape("KLBackward gradient dmu", dmu, mu.Rows, mu.Cols)
	mustShape("KLBackward gradient dlogVar", dlogVar, mu.Rows, mu.Cols)
	for i, m := range mu.Data {
		s := sd.Data[i]
		dmu.Data[i] += scale * m
		dlogVar.Data[i] += scale * 0.5 * (s*s - 1)
	}
}

// KLMonteCarlo estimates KL(N(mu, diag(e^logVar)) ‖ N(0, I)) for one
// latent vector from k samples z ~ q as the mean of log q(z) − log p(z),
// and returns the estimate and its standard error (sample standard
// deviation / √k). It is the estimator a VAE would need without the closed
// form, and what the closed form is checked against.
func KLMonteCarlo(mu, logVar []float64, k int, rng *rand.Rand) (mean, stderr float64) {
	if len(mu) != len(logVar) {
		panic("vae: KLMonteCarlo: mu and logVar differ in length")
	}
	if k < 2 {
		panic("vae: KLMonteCarlo needs k >= 2 samples for a standard error")
	}
	var sum, sumSq float64
	for range k {
		var logRatio float64 // log q(z) − log p(z); the −½log2π terms cancel
		for j, m := range mu {
			sd := math.Exp(0.5 * logVar[j])
			eps := rng.NormFloat64()
			z := m + sd*eps
			logRatio += -0.5*logVar[j] - 0.5*eps*eps + 0.5*z*z
		}
		sum += logRatio
		sumSq += logRatio * logRatio
	}
	mean = sum / float64(k)
	variance := (sumSq - float64(k)*mean*mean) / float64(k-1)
	return mean, math.Sqrt(max(variance, 0) / float64(k))
}
