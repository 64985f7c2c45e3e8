package vae

import (
	"math"
	"math/rand/v2"
)

// KLForward returns the KL divergence of q = N(mu, diag(e^logVar)) from the
// prior N(0, I), in closed form, summed over rows:
//
//	KL(q ‖ p) = −½ Σ_j (1 + logVar_j − mu_j² − e^logVar_j)
//
// and adds each row's KL into rows (len B) when rows is not nil.
func KLForward(mu, logVar Mat, rows []float64) float64 {
	mustShape("KLForward logVar", logVar, mu.Rows, mu.Cols)
	var total float64
	for i := 0; i < mu.Rows; i++ {
		mi, li := mu.Row(i), logVar.Row(i)
		var s float64
		for j, m := range mi {
			lv := float64(li[j])
			s += -0.5 * (1 + lv - float64(m)*float64(m) - math.Exp(lv))
		}
		if rows != nil {
			rows[i] += s
		}
		total += s
	}
	return total
}

// KLBackward adds the gradient of scale·KLForward into dmu and dlogVar:
//
//	∂KL/∂mu     = mu
//	∂KL/∂logVar = ½(e^logVar − 1)
func KLBackward(dmu, dlogVar, mu, logVar Mat, scale float32) {
	mustShape("KLBackward logVar", logVar, mu.Rows, mu.Cols)
	mustShape("KLBackward gradient dmu", dmu, mu.Rows, mu.Cols)
	mustShape("KLBackward gradient dlogVar", dlogVar, mu.Rows, mu.Cols)
	for i, m := range mu.Data {
		dmu.Data[i] += scale * m
		dlogVar.Data[i] += scale * 0.5 * (float32(math.Exp(float64(logVar.Data[i]))) - 1)
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
