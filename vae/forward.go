package vae

import "math/rand/v2"

// Loss holds the terms of a batch's loss, each summed over the batch's rows.
type Loss struct {
	Recon float64 // Σ −log p(x|z), the reconstruction term
	KL    float64 // Σ KL(q(z|x) ‖ N(0, I)); 0 for an AE
	Total float64 // Recon + β·KL: the objective Backward differentiates
	N     int     // rows in the batch
}

// PerSample returns the loss terms divided by the number of rows.
func (l Loss) PerSample() Loss {
	n := float64(max(l.N, 1))
	return Loss{Recon: l.Recon / n, KL: l.KL / n, Total: l.Total / n, N: 1}
}

// Add returns the sum of two losses.
func (l Loss) Add(o Loss) Loss {
	return Loss{Recon: l.Recon + o.Recon, KL: l.KL + o.KL, Total: l.Total + o.Total, N: l.N + o.N}
}

// Forward runs a batch x (B, D) of values in [0, 1] through the model and
// returns its loss. A VAE draws eps ~ N(0, I) from rng; an AE does not use
// rng, which may then be nil. Forward keeps x and every activation for
// Backward, so x must not change until Backward has run.
//
// Forward panics if x does not have D columns, or if a VAE gets a nil rng.
func (m *Model) Forward(x Mat, rng *rand.Rand) Loss { return m.ForwardTarget(x, x, rng) }

// ForwardTarget is Forward with an encoder input x and a reconstruction
// target that may differ: a denoising autoencoder reads a corrupted x and
// is scored on the clean target. Both are (B, D) and must not change until
// Backward has run.
func (m *Model) ForwardTarget(x, target Mat, rng *rand.Rand) Loss {
	c := m.Config
	mustShape("Model.Forward batch x", x, x.Rows, c.Input)
	mustShape("Model.Forward target", target, x.Rows, c.Input)
	a := m.ensure(x.Rows)
	a.x, a.target = x, target
	clear(a.reconRow)
	clear(a.klRow)
	a.dlogitsReady = false

	// Encoder: h1 = relu(x·W1 + b1), mu = h1·Wmu + bmu, logVar = h1·Wlv + blv.
	m.fc1Forward(x)
	ReLUForward(a.h1, a.h1)
	m.FcMu.Forward(m.engine, a.mu, a.h1)

	// Latent: the one place an AE and a VAE differ.
	loss := Loss{N: x.Rows}
	if c.Kind == VAE {
		if rng == nil {
			panic("vae: Model.Forward: a VAE needs a random source for eps, got nil")
		}
		m.FcLogVar.Forward(m.engine, a.logVar, a.h1)
		// ReparamForward and KLForward, fused (latent.go).
		loss.KL = m.latentForward(rng)
	} else {
		copy(a.z.Data, a.mu.Data)
	}

	// Decoder: h3 = relu(z·W3 + b3), logits = h3·W4 + b4.
	m.Fc3.Forward(m.engine, a.h3, a.z)
	ReLUForward(a.h3, a.h3)
	m.Fc4.Forward(m.engine, a.logits, a.h3)

	// Reconstruction: −log p(x|z) under the decoder's distribution.
	if c.Likelihood == Gaussian {
		loss.Recon = GaussianForward(a.logits, target, c.Sigma, a.reconRow)
	} else {
		loss.Recon = m.bernoulliRecon()
	}
	loss.Total = loss.Recon + m.beta()*loss.KL
	a.forwardDone = true
	return loss
}

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first), walking the forward pass in reverse. When dx has data it
// also adds ∂Loss.Total/∂x into dx (B, D), through both of x's roles: the
// encoder's input and, after Forward (not ForwardTarget with a separate
// target), the reconstruction's target.
//
// Backward panics if no Forward preceded it.
func (m *Model) Backward(dx Mat) {
	a := &m.acts
	if !a.forwardDone {
		panic("vae: Model.Backward called before Model.Forward")
	}
	c := m.Config
	clear(a.dh3.Data)
	clear(a.dz.Data)
	clear(a.dmu.Data)
	clear(a.dlogVar.Data)
	clear(a.dh1.Data)

	// The chain rule starts at dLoss/dlogits (dLoss = 1).
	if c.Likelihood == Gaussian {
		GaussianBackward(a.dlogits, a.logits, a.target, c.Sigma, 1)
	} else if !a.dlogitsReady {
		BCEBackward(a.dlogits, a.logits, a.target, 1)
	}

	// Decoder, in reverse.
	m.Fc4.Backward(m.engine, a.dh3, a.dlogits, a.h3)
	ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Fc3.Backward(m.engine, a.dz, a.dh3, a.z)

	// Latent.
	if c.Kind == VAE {
		// ReparamBackward and KLBackward, fused (latent.go).
		m.latentBackward(float32(m.beta()))
		m.FcLogVar.Backward(m.engine, a.dh1, a.dlogVar, a.h1)
	} else {
		copy(a.dmu.Data, a.dz.Data)
	}

	// Encoder, in reverse.
	m.FcMu.Backward(m.engine, a.dh1, a.dmu, a.h1)
	ReLUBackward(a.dh1, a.dh1, a.h1)
	if dx.Data == nil {
		m.fc1Backward(dx)
		return
	}
	// x is both the encoder's input and the reconstruction's target, so
	// its gradient has two paths: through the encoder, and directly.
	mustShape("Model.Backward input gradient dx", dx, a.x.Rows, c.Input)
	m.fc1Backward(dx)
	if !sameMat(a.x, a.target) {
		return
	}
	if c.Likelihood == Gaussian {
		GaussianTargetBackward(dx, a.logits, a.x, c.Sigma)
	} else {
		BCETargetBackward(dx, a.logits)
	}
}

// ZeroGrad clears Grads before a backward pass, shared among the model's
// threads: 2.6 MB for the 784-400-20 VAE.
func (m *Model) ZeroGrad() { m.engine.Split(len(m.Grads), 1024, m.zeroJob) }

func (m *Model) zeroGrads(lo, hi int) { clear(m.Grads[lo:hi]) }

// RowLosses returns the reconstruction and KL terms of each row of the last
// Forward (each of length B; KL is all zeros for an AE). The slices are
// reused by the next Forward.
func (m *Model) RowLosses() (recon, kl []float64) {
	if !m.acts.forwardDone {
		panic("vae: Model.RowLosses called before Model.Forward")
	}
	return m.acts.reconRow, m.acts.klRow
}

// beta is the KL weight; an AE has no KL term.
func (m *Model) beta() float64 {
	if m.Config.Kind == AE {
		return 0
	}
	return m.Config.Beta
}
