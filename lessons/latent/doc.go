// Package latent is the code of notebook 00, "The latent-variable model,
// exactly": a model small enough that every integral of variational
// inference can be done by quadrature, so that log p(x), the true
// posterior p(z|x), the ELBO of any Gaussian q and KL(q ‖ p(z|x)) are
// numbers, not estimates.
//
// The model (Model, Strip) has a 1-D latent z ~ N(0, 1), the position of a
// spot, and a strip of binary pixels lit with probabilities that peak
// where the spot is. Every integral over z is a sum over an evenly spaced
// Grid (Fine: 2001 points on [−8, 8]):
//
//	log p(x)   = log Σ_g p(x|z_g) p(z_g) Δz          LogMarginal
//	p(z_g|x)   = p(x|z_g) p(z_g) / p(x)               LogPosterior
//	ELBO(q)    = Σ_g q(z_g) [log p(x, z_g) − log q(z_g)] Δz   ELBO
//	KL(q ‖ p)  = Σ_g q(z_g) [log q(z_g) − log p(z_g)] Δz      KL
//
// and log p(x) = ELBO(q) + KL(q ‖ p(z|x)) holds for the sums as for the
// integrals. FitGaussian finds the best Gaussian q for one x; FitEncoder
// fits one linear encoder for all x, to measure the amortization gap
// (FitEncoderTrace also returns its average ELBO step by step).
//
// LogMarginal2D does the same quadrature for a trained VAE with a 2-D
// latent space (notebook 07), on a window around the encoder's mean.
//
// The checks of notebook 00's exercises (LogMarginalCheck,
// LogPosteriorCheck, ELBOCheck, KLCheck and their Check* runners) compare
// a learner's functions with LogMarginal, LogPosterior, ELBO and KL.
package latent
