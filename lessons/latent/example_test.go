package latent_test

import (
	"fmt"

	"github.com/vaelab/govae/lessons/latent"
)

// The pattern with two pixels lit in the middle of the strip: its exact
// log p(x), the ELBO of the best Gaussian q, and the gap, which is the KL
// from q to the true posterior.
func Example() {
	m, x, g := latent.Strip(), latent.Pattern("00011000"), latent.Fine
	q, elbo := latent.FitGaussian(m, x, g)
	logp := latent.LogMarginal(m, x, g)
	kl := latent.KL(q, latent.LogPosterior(m, x, g), g)
	fmt.Printf("q = %v\nlog p(x) = %.4f, ELBO = %.4f, KL = %.5f, log p(x) − ELBO = %.5f\n", q, logp, elbo, kl, logp-elbo)
	// Output:
	// q = N(0.000, 0.278²)
	// log p(x) = -4.9284, ELBO = -4.9289, KL = 0.00048, log p(x) − ELBO = 0.00048
}
