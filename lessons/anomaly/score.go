package anomaly

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Scores returns, for each row of x (N, D), the VAE's negative ELBO in
// nats,
//
//	s(x) = −ELBO(x) = E_{q(z|x)}[−log p(x|z)] + KL(q(z|x) ‖ N(0, I)),
//
// with the expectation estimated by the mean over k draws of z (k ≥ 1):
// an upper bound on −log p(x), so a large score means the model finds x
// unlikely (notebook 08 §2). The KL weight is 1 whatever the model's β, so
// the score is the bound itself. The rows are scored in batches of 500
// through Model.Forward and Model.RowLosses; rng supplies the draws.
//
// Scores panics if k < 1 or if m is not a VAE (an AE has no ELBO).
func Scores(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 {
	if k < 1 || m.Config.Kind != vae.VAE {
		panic(fmt.Sprintf("anomaly: Scores with k = %d draws on a %v model: want k ≥ 1 and a VAE", k, m.Config.Kind))
	}
	out := make([]float64, x.Rows)
	for i := 0; i < x.Rows; i += 500 {
		b := x.Slice(i, min(i+500, x.Rows))
		for range k {
			m.Forward(b, rng)
			recon, kl := m.RowLosses()
			for r := range b.Rows {
				out[i+r] += (recon[r] + kl[r]) / float64(k)
			}
		}
	}
	return out
}
