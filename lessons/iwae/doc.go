// Package iwae is the code of notebook 14, "Training with the IWAE
// bound": a VAE trained on the importance-weighted bound of Burda, Grosse
// and Salakhutdinov ("Importance weighted autoencoders", ICLR 2016)
// instead of the ELBO, built from the layers of package vae
// (vae.NewBlock's Linear layers, vae.ReLUForward, vae.ReparamForward,
// vae.BCEForward) as lessons/cvae builds its model, plus the few layers
// the library does not have: the Gaussian log-densities at the sample,
// the repetition of each digit's row k times, and the bound itself, each
// a Forward and a Backward side by side.
//
//	encoder: x (B, D) → [Linear → act] per hidden layer → h (B, H) → fcMu     → mu     (B, Z)
//	                                                               → fcLogVar → logVar (B, Z)
//	repeat:  each row k times → mu, logVar (B·k, Z)
//	latent:  z = mu + exp(logVar/2) ⊙ eps,  eps ~ N(0, I)               (B·k, Z)
//	decoder: z → [Linear → act] per hidden layer, widths reversed → fcOut → logits (B·k, D)
//
// The default is the 784-400-40 one-hidden-layer ReLU MLP; Config.Hidden
// lists more layers (Burda et al.'s second architecture is 784-200-200-50
// with tanh, Config{Hidden: []int{200, 200}, Latent: 50, Activation: "tanh"}).
//
// # The objective
//
// For a binary digit x and k draws z_i = μ(x) + σ(x) ⊙ ε_i, ε_i ~ N(0, I),
// the log importance weights are
//
//	log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x)
//
// with the Bernoulli decoder p(x|z) (vae.BCEForward: −log p(x|z) is the
// binary cross-entropy from the logits), the prior p(z) = N(0, I) and the
// encoder's q(z|x) = N(μ, diag σ²), both log-densities evaluated at the
// sample (LogPriorForward, LogPosteriorForward). The k-sample bound is
//
//	L_k(x) = log (1/k) Σ_i w_i = LogSumExp(log w) − log k  ≤  log p(x)
//
// (BoundForward, with likelihood.LogSumExp in float64). Training minimizes
// −Σ_x L_k(x) over a batch. At k = 1 it is the VAE's negative ELBO with the
// KL term sampled, log q(z|x) − log p(z) at the one draw, rather than the
// closed form vae.KLForward uses: the same objective in expectation, with
// more noise. E[L_k] rises with k (Burda et al., Theorem 1).
//
// # Gradients
//
// With the normalized weights w̃_i = w_i / Σ_j w_j (a softmax of log w over
// a digit's k samples, kept by BoundForward),
//
//	∂(−L_k)/∂θ = −Σ_i w̃_i ∂log w_i/∂θ,
//
// so the chain rule starts at ∂(−L_k)/∂log w_i = −w̃_i: the reconstruction
// of sample i is scaled by w̃_i, and so are its two log-densities. z_i
// depends on μ and σ (the reparameterization), and log q(z_i|x) depends on
// them both through z_i and directly; the chain rule through
// LogPosteriorBackward and vae.ReparamBackward adds both paths, which
// cancel for μ and leave −½ per dimension for log σ², as the algebra says
// they must. Every Backward adds into its gradients (+=), and each is
// checked against central finite differences in the tests, the whole
// model's at k = 1 and k = 5.
//
// # Evaluation
//
// LogLikelihood estimates log p(x) by L_5000 on test digits binarized once
// with a fixed seed (likelihood.Binarize), with likelihood.Bound, drawing
// the samples as likelihood.LogWeights draws them; LogWeights is checked
// against likelihood.LogWeights on the same parameters (Model.VAE).
//
// # Errors
//
// Shapes that do not fit panic with a message naming them. Bad settings,
// data and checkpoints return errors that say what was wrong and what to
// do.
package iwae
