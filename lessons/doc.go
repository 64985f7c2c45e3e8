// Package lessons holds, one package per notebook, the code the notebooks
// in notebooks/ teach. A notebook imports its lesson package instead of
// copying code into cells, so everything a learner reads in a notebook is
// also compiled and tested by `go test ./...`. What a learner writes in a
// notebook (the exercises) is checked there against these packages and
// the library (package exercise).
//
//	course    shared by all lessons: data, training with a checkpoint cache, live progress,
//	          any lesson's model trained and kept (Fit, GetNet), and a VAE trained on a
//	          learner's own loss, sampler and KL (Parts)
//	exercise  the checks of the learner's functions: case by case against the library, one verdict
//	latent    00: the latent-variable model done exactly by quadrature: log p(x), the posterior, ELBO and KL
//	aevsvae   01: the same architecture as an AE and as a VAE; holes in the AE's latent space
//	reparam   02: the reparameterization trick and the score-function estimator
//	klterm    03: the analytic KL term, checked against Monte Carlo; KL per dimension
//	interp    04: linear and spherical latent interpolation, and how smooth each path is
//	betavae   05: β-VAE sweep, rate against distortion, active units, KL warm-up
//	cvae      06: the conditional VAE, built from the library's layers
//	likelihood 07: the importance-sampled log-likelihood (IWAE bound) against the ELBO
//	anomaly   08: a denoising VAE; flagging unfamiliar inputs by their ELBO, with ROC curves
//	explorer  09: sliders over a 2-D latent space, decoded as they move
//	convvae   10: convolutions and their transposes on the matmul core; a conv VAE beside the MLP one
//	vqvae     11: discrete codes: a codebook, the straight-through gradient, dead codes, a counted prior
//	priors    12: learnable priors, a mixture of Gaussians and the VampPrior, against N(0, I)
//	hvae      13: two stochastic layers, a KL per layer, and what each layer encodes
//	iwae      14: training on the k-sample IWAE bound; log p(x) for the likelihood table (cmd/vaetable)
package lessons
