// Package vae is a small, readable autoencoder and variational autoencoder
// (Kingma & Welling, "Auto-Encoding Variational Bayes", 2013) trained on
// CPU in float32.
//
// # Overview
//
// A Model is an encoder and a decoder of fixed sizes (default 784-400-20,
// as in pytorch/examples):
//
//	encoder: x (B, D) → Linear fc1 → ReLU → h1 (B, H) → Linear fcMu     → mu     (B, Z)
//	                                                  → Linear fcLogVar → logVar (B, Z)   (VAE only)
//	latent:  AE:  z = mu
//	         VAE: z = mu + exp(logVar/2) ⊙ eps,  eps ~ N(0, I)          (reparameterization)
//	decoder: z (B, Z) → Linear fc3 → ReLU → h3 (B, H) → Linear fc4 → logits (B, D)
//
// The AE and the VAE share this architecture; the only differences are the
// sampled latent and the KL term in the loss. Every layer has a Forward and
// a Backward written side by side, so the chain rule can be read line by
// line: linear.go, activation.go, likelihood.go (the reconstruction loss),
// reparam.go and kl.go; forward.go chains them into the model's Forward
// and Backward, calling exactly these functions. What a backward pass
// needs, its forward keeps, as llm.c's layernorm keeps its mean and
// deviation: ReparamForward keeps σ for the latent layer's three backward
// formulas, BCEForward keeps the probabilities σ(logits).
//
// One training step is five calls (Example_trainingStep; Train adds the
// shuffling, the β schedule, checkpoints and the checks around them):
//
//	train.Batch(x, idx)                      // load a batch
//	m.ZeroGrad()                             // zero the gradients
//	loss := m.ForwardTarget(x, x, beta, rng) // forward: Recon + β·KL
//	m.Backward(vae.Mat{})                    // backward
//	opt.Step(m.Block)                        // update
//
// # Shapes
//
// Letters used in shape comments:
//
//	B  batch size (rows of a minibatch)
//	D  data dimension (784 for 28x28 MNIST)
//	H  hidden units (400)
//	Z  latent dimension (20)
//
// Matrices are row-major float32 (type Mat). The heavy lifting is done by
// one matrix-multiply core, package vae/gemm, inside Linear; the few
// elementwise loops that would otherwise cost as much (the Bernoulli loss,
// ReLU, Adam, the NaN check, the exponential) are vectorized in package
// vae/vec and called from inside the layer functions. The first layer
// multiplies only the nonzero pixels of a batch when most are blank
// (sparse.go): the same sum, a fifth of the work on MNIST.
//
// # Gradients
//
// The training objective of a batch is the sum over its rows of the
// negative ELBO,
//
//	L(x) = recon(x, decoder(z)) + β · KL(q(z|x) ‖ N(0, I)),
//
// summed (not averaged) over the batch, as in pytorch/examples, so Adam sees
// the same gradients. Backward methods add into parameter gradients (+=);
// ZeroGrad clears them before each backward pass, and an Optimizer's Step
// looks for NaN and ±Inf in the gradients as it reads them. Every Backward
// is checked against central finite differences in the tests.
//
// # Errors
//
// Misuse of the API (shapes that do not fit, Backward before Forward)
// panics with a message naming the shapes. Bad data, files and settings
// return errors that say what was wrong and what to do.
package vae
