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
// returns its loss, Recon + β·KL with the model's own β (Config.Beta). A
// VAE draws eps ~ N(0, I) from rng; an AE does not use rng, which may then
// be nil. Forward keeps x and every activation for Backward, so x must not
// change until Backward has run. It is ForwardTarget(x, x, m.Config.Beta, rng).
//
// Forward panics if x does not have D columns, or if a VAE gets a nil rng.
func (m *Model) Forward(x Mat, rng *rand.Rand) Loss {
	return m.ForwardTarget(x, x, m.Config.Beta, rng)
}

// ForwardTarget is Forward with an encoder input x, a reconstruction
// target that may differ (a denoising autoencoder reads a corrupted x and
// is scored on the clean target), and the KL weight β of this batch's
// objective Recon + β·KL, which a warm-up changes from step to step. Both
// x and target are (B, D) and must not change until Backward has run.
func (m *Model) ForwardTarget(x, target Mat, beta float64, rng *rand.Rand) Loss {
	c := m.Config
	mustShape("Model.Forward batch x", x, x.Rows, c.Input)
	mustShape("Model.Forward target", target, x.Rows, c.Input)
	a := m.ensure(x.Rows)
	a.x, a.target = x, target
	clear(a.reconRow)
	clear(a.klRow)

	// Encoder: h1 = relu(x·W1 + b1), mu = h1·Wmu + bmu, logVar = h1·Wlv + blv.
	m.Fc1.Forward(a.h1, x)
	ReLUForward(a.h1, a.h1)
	m.FcMu.Forward(a.mu, a.h1)

	// Latent: the one place an AE and a VAE differ.
	loss := Loss{N: x.Rows}
	if c.Kind == VAE {
		if rng == nil {
			panic("vae: Model.Forward: a VAE needs a random source for eps, got nil")
		}
		m.FcLogVar.Forward(a.logVar, a.h1)
		ReparamForward(a.z, a.eps, a.sd, a.mu, a.logVar, rng)
		loss.KL = KLForward(a.mu, a.logVar, a.sd, a.klRow)
	} else {
		beta = 0 // an AE has no KL term
		copy(a.z.Data, a.mu.Data)
	}

	// Decoder: h3 = relu(z·W3 + b3), logits = h3·W4 + b4.
	m.Fc3.Forward(a.h3, a.z)
	ReLUForward(a.h3, a.h3)
	m.Fc4.Forward(a.logits, a.h3)

	// Reconstruction: −log p(x|z) under the decoder's distribution, each
	// row's on one of the model's threads (BCEForward or GaussianForward);
	// the rows are summed in order, so the total does not depend on them.
	m.engine.Split(x.Rows, 1, m.jobs.forward)
	for _, r := range a.reconRow {
		loss.Recon += r
	}
	loss.Total = loss.Recon + beta*loss.KL
	a.beta = beta
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

	// The chain rule starts at ∂Loss/∂logits (∂Loss = 1), each row's on
	// one of the model's threads (BCEBackward or GaussianBackward).
	m.engine.Split(a.logits.Rows, 1, m.jobs.backward)

	// Decoder, in reverse.
	m.Fc4.Backward(a.dh3, a.dlogits, a.h3)
	ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Fc3.Backward(a.dz, a.dh3, a.z)

	// Latent.
	if c.Kind == VAE {
		ReparamBackward(a.dmu, a.dlogVar, a.dz, a.eps, a.sd)
		KLBackward(a.dmu, a.dlogVar, a.mu, a.sd, float32(a.beta))
		m.FcLogVar.Backward(a.dh1, a.dlogVar, a.h1)
	} else {
		copy(a.dmu.Data, a.dz.Data)
	}

	// Encoder, in reverse.
	m.FcMu.Backward(a.dh1, a.dmu, a.h1)
	ReLUBackward(a.dh1, a.dh1, a.h1)
	m.Fc1.Backward(dx, a.dh1, a.x)
	if dx.Data == nil || !sameMat(a.x, a.target) {
		return
	}
	// x is both the encoder's input and the reconstruction's target, so
	// its gradient has two paths: through the encoder, and directly.
	if c.Likelihood == Gaussian {
		gaussianTargetBackward(dx, a.probs, a.x, c.Sigma)
	} else {
		bceTargetBackward(dx, a.logits)
	}
}

// rowJobs are the loss's forward and backward passes over rows [lo, hi),
// bound once as method values so a step does not allocate.
type rowJobs struct{ forward, backward func(lo, hi int) }

// reconRows computes rows [lo, hi) of the reconstruction term, keeping
// the probabilities (Bernoulli) or means (Gaussian) in probs.
func (m *Model) reconRows(lo, hi int) {
	a := &m.acts
	p, l, x := a.probs.Slice(lo, hi), a.logits.Slice(lo, hi), a.target.Slice(lo, hi)
	if m.Config.Likelihood == Gaussian {
		GaussianForward(p, l, x, m.Config.Sigma, a.reconRow[lo:hi])
	} else {
		BCEForward(p, l, x, a.reconRow[lo:hi])
	}
}

// reconGradRows sets rows [lo, hi) of dlogits from what reconRows kept.
func (m *Model) reconGradRows(lo, hi int) {
	a := &m.acts
	d, p, x := a.dlogits.Slice(lo, hi), a.probs.Slice(lo, hi), a.target.Slice(lo, hi)
	if m.Config.Likelihood == Gaussian {
		GaussianBackward(d, p, x, m.Config.Sigma, 1)
	} else {
		BCEBackward(d, p, x, 1)
	}
}

// RowLosses returns the reconstruction and KL terms of each row of the last
// Forward (each of length B; KL is all zeros for an AE). The slices are
// reused by the next Forward.
func (m *Model) RowLosses() (recon, kl []float64) {
	if !m.acts.forwardDone {
		panic("vae: Model.RowLosses called before Model.Forward")
	}
	return m.acts.reconRow, m.acts.klRow
}
