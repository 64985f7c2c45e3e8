package priors

import (
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B rows
// (and, for the VampPrior, of the K pseudo-inputs), allocated for the
// largest batch seen and resliced for smaller ones.
type activations struct {
	capacity        int
	x               vae.Mat   // (B, D) the batch Forward saw
	h1, dh1         vae.Mat   // (B, H)
	mu, logVar      vae.Mat   // (B, Z)
	eps, sd, z      vae.Mat   // (B, Z)
	dmu, dlogVar    vae.Mat   // (B, Z)
	dz              vae.Mat   // (B, Z)
	h3, dh3         vae.Mat   // (B, H)
	logits, dlogits vae.Mat   // (B, D)
	probs           vae.Mat   // (B, D) σ(logits), kept by vae.BCEForward
	logq, logp      []float64 // (B) log q(z|x) and log p(z) at the sample
	plus, minus     []float64 // (B) all +1 and all −1: the loss's weights on log q and log p
	reconRow, klRow []float64 // (B) per-row loss terms
	store           []vae.Mat // full-capacity storage behind the views
	forwardDone     bool

	// The VampPrior's components: the encoder run on the pseudo-inputs.
	hu, dhu       vae.Mat   // (K, H)
	muU, lvU      vae.Mat   // (K, Z)
	dmuU, dlvU    vae.Mat   // (K, Z)
	uniformLogits []float32 // (K) zeros: equal weights 1/K
}

// ensure points the activation buffers at b rows, allocating only when b
// exceeds every batch size seen before, and clears the per-row terms.
func (m *Model) ensure(b int) *activations {
	a := &m.acts
	c := m.Config
	views := []*vae.Mat{&a.h1, &a.dh1, &a.mu, &a.logVar, &a.eps, &a.sd, &a.z, &a.dmu, &a.dlogVar, &a.dz,
		&a.h3, &a.dh3, &a.logits, &a.dlogits, &a.probs}
	cols := []int{c.Hidden, c.Hidden, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent,
		c.Hidden, c.Hidden, Input, Input, Input}
	if b > a.capacity {
		a.capacity = b
		a.store = make([]vae.Mat, len(views))
		for i := range views {
			a.store[i] = vae.NewMat(b, cols[i])
		}
		a.logq, a.logp, a.reconRow, a.klRow = make([]float64, b), make([]float64, b), make([]float64, b), make([]float64, b)
		a.plus, a.minus = make([]float64, b), make([]float64, b)
		for i := range a.plus {
			a.plus[i], a.minus[i] = 1, -1
		}
	}
	for i, v := range views {
		*v = a.store[i].Slice(0, b)
	}
	for _, s := range []*[]float64{&a.logq, &a.logp, &a.reconRow, &a.klRow} {
		*s = (*s)[:b]
		clear(*s)
	}
	a.plus, a.minus = a.plus[:b], a.minus[:b]
	if c.Prior == Vamp && a.hu.Data == nil {
		k := c.Components
		a.hu, a.dhu = vae.NewMat(k, c.Hidden), vae.NewMat(k, c.Hidden)
		a.muU, a.lvU, a.dmuU, a.dlvU = vae.NewMat(k, c.Latent), vae.NewMat(k, c.Latent), vae.NewMat(k, c.Latent), vae.NewMat(k, c.Latent)
		a.uniformLogits = make([]float32, k)
	}
	a.forwardDone = false
	return a
}

// Forward runs a batch of images x (B, 784) in [0, 1] through the model
// and returns the negative ELBO summed over the batch, with the KL term
// sampled at z = μ + σ ⊙ ε, ε drawn from rng (notebook 12 §1):
//
//	L = Σ_rows [ −log p(x|z) + log q(z|x) − log p(z) ].
//
// It keeps x and every activation for Backward. It panics if the shapes
// do not fit.
func (m *Model) Forward(x vae.Mat, rng *rand.Rand) vae.Loss {
	a := m.encode(x)
	vae.ReparamForward(a.z, a.eps, a.sd, a.mu, a.logVar, rng)
	iwae.LogPosteriorForward(a.logq, a.z, a.mu, a.logVar, a.sd)
	m.priorForward(a.logp, a.z)
	loss := vae.Loss{N: x.Rows}
	for r := range a.klRow {
		a.klRow[r] = a.logq[r] - a.logp[r]
		loss.KL += a.klRow[r]
	}
	m.decode(a.z)
	loss.Recon = vae.BCEForward(a.probs, a.logits, x, a.reconRow)
	loss.Total = loss.Recon + loss.KL
	a.forwardDone = true
	return loss
}

// encode runs the encoder on x, filling mu and logVar.
func (m *Model) encode(x vae.Mat) *activations {
	a := m.ensure(x.Rows)
	a.x = x
	m.Fc1.Forward(a.h1, x)
	vae.ReLUForward(a.h1, a.h1)
	m.FcMu.Forward(a.mu, a.h1)
	m.FcLogVar.Forward(a.logVar, a.h1)
	return a
}

// decode runs the decoder on z, filling the logits.
func (m *Model) decode(z vae.Mat) {
	a := &m.acts
	m.Fc3.Forward(a.h3, z)
	vae.ReLUForward(a.h3, a.h3)
	m.Fc4.Forward(a.logits, a.h3)
}

// priorForward adds log p(z) of each row of z into rows.
func (m *Model) priorForward(rows []float64, z vae.Mat) {
	switch m.Config.Prior {
	case MoG:
		m.mix.Forward(rows, z, tableMat(m.Means, false), tableMat(m.LogVars, false), m.Logits.W)
	case Vamp:
		a := &m.acts
		u := tableMat(m.Pseudo, false)
		m.Fc1.Forward(a.hu, u) // the encoder, on the pseudo-inputs
		vae.ReLUForward(a.hu, a.hu)
		m.FcMu.Forward(a.muU, a.hu)
		m.FcLogVar.Forward(a.lvU, a.hu)
		m.mix.Forward(rows, z, a.muU, a.lvU, a.uniformLogits)
	default:
		iwae.LogPriorForward(rows, z)
	}
}

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first), walking Forward in reverse: the reconstruction, then
// the sampled KL's +log q(z|x) and −log p(z), each through z and directly
// (and, for the VampPrior, through the encoder again, into the
// pseudo-inputs). It panics if no Forward preceded it.
func (m *Model) Backward() {
	a := &m.acts
	if !a.forwardDone {
		panic("priors: Model.Backward called before Model.Forward")
	}
	for _, g := range []vae.Mat{a.dh3, a.dz, a.dmu, a.dlogVar, a.dh1} {
		clear(g.Data)
	}
	vae.BCEBackward(a.dlogits, a.probs, a.x, 1)
	m.Fc4.Backward(a.dh3, a.dlogits, a.h3)
	vae.ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Fc3.Backward(a.dz, a.dh3, a.z)

	// The sampled KL: +log q(z|x) − log p(z), both read at z.
	iwae.LogPosteriorBackward(a.dz, a.dmu, a.dlogVar, a.plus, a.z, a.mu, a.sd)
	m.priorBackward(a.minus, a.z)
	vae.ReparamBackward(a.dmu, a.dlogVar, a.dz, a.eps, a.sd)

	m.FcLogVar.Backward(a.dh1, a.dlogVar, a.h1)
	m.FcMu.Backward(a.dh1, a.dmu, a.h1)
	vae.ReLUBackward(a.dh1, a.dh1, a.h1)
	m.Fc1.Backward(vae.Mat{}, a.dh1, a.x)
}

// priorBackward adds the gradient of Σ_r drows_r · log p(z_r) into dz
// and the prior's parameters.
func (m *Model) priorBackward(drows []float64, z vae.Mat) {
	a := &m.acts
	switch m.Config.Prior {
	case MoG:
		m.mix.Backward(a.dz, tableMat(m.Means, true), tableMat(m.LogVars, true), m.Logits.DW, drows, z)
	case Vamp:
		clear(a.dmuU.Data)
		clear(a.dlvU.Data)
		clear(a.dhu.Data)
		m.mix.Backward(a.dz, a.dmuU, a.dlvU, nil, drows, z)
		m.FcLogVar.Backward(a.dhu, a.dlvU, a.hu)
		m.FcMu.Backward(a.dhu, a.dmuU, a.hu)
		vae.ReLUBackward(a.dhu, a.dhu, a.hu)
		m.Fc1.Backward(tableMat(m.Pseudo, true), a.dhu, tableMat(m.Pseudo, false))
	default:
		iwae.LogPriorBackward(a.dz, drows, z)
	}
}
