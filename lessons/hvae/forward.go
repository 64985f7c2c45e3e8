package hvae

import (
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B rows,
// allocated for the largest batch seen and resliced for smaller ones. A
// name ending in 1 belongs to the bottom layer, in 2 to the top, in p to
// the prior p(z1 | z2).
type activations struct {
	capacity        int
	x               vae.Mat // (B, D)
	h1, dh1         vae.Mat // (B, H1) encoder 1's hidden layer
	mu1, lv1, sd1   vae.Mat // (B, Z1)
	eps1, z1        vae.Mat // (B, Z1)
	dmu1, dlv1, dz1 vae.Mat // (B, Z1)
	h2, dh2         vae.Mat // (B, H2) encoder 2's hidden layer
	mu2, lv2, sd2   vae.Mat // (B, Z2)
	eps2, z2        vae.Mat // (B, Z2)
	dmu2, dlv2, dz2 vae.Mat // (B, Z2)
	g, dg           vae.Mat // (B, H2) the prior net's hidden layer
	muP, lvP, sdP   vae.Mat // (B, Z1) p(z1 | z2)
	dmuP, dlvP      vae.Mat // (B, Z1)
	h3, dh3         vae.Mat // (B, H1) the decoder's hidden layer
	logits, dlogits vae.Mat // (B, D)
	probs           vae.Mat // (B, D) σ(logits), kept by vae.BCEForward
	logq1, logp1    []float64
	logq2, logp2    []float64
	plus, minus     []float64 // (B) all +1 and all −1
	reconRow        []float64
	kl1Row, kl2Row  []float64
	kl1, kl2        float64 // the batch's sums of the two KL terms
	store           []vae.Mat
	forwardDone     bool
}

// ensure points the activation buffers at b rows, allocating only when b
// exceeds every batch size seen before, and clears the per-row terms.
func (m *Model) ensure(b int) *activations {
	a := &m.acts
	c := m.Config
	views := []*vae.Mat{&a.h1, &a.dh1, &a.mu1, &a.lv1, &a.sd1, &a.eps1, &a.z1, &a.dmu1, &a.dlv1, &a.dz1,
		&a.h2, &a.dh2, &a.mu2, &a.lv2, &a.sd2, &a.eps2, &a.z2, &a.dmu2, &a.dlv2, &a.dz2,
		&a.g, &a.dg, &a.muP, &a.lvP, &a.sdP, &a.dmuP, &a.dlvP, &a.h3, &a.dh3, &a.logits, &a.dlogits, &a.probs}
	h1, z1, h2, z2 := c.Hidden, c.Latent1, c.Hidden2, c.Latent2
	cols := []int{h1, h1, z1, z1, z1, z1, z1, z1, z1, z1,
		h2, h2, z2, z2, z2, z2, z2, z2, z2, z2,
		h2, h2, z1, z1, z1, z1, z1, h1, h1, Input, Input, Input}
	rows := []*[]float64{&a.logq1, &a.logp1, &a.logq2, &a.logp2, &a.reconRow, &a.kl1Row, &a.kl2Row}
	if b > a.capacity {
		a.capacity = b
		a.store = make([]vae.Mat, len(views))
		for i := range views {
			a.store[i] = vae.NewMat(b, cols[i])
		}
		for _, r := range rows {
			*r = make([]float64, b)
		}
		a.plus, a.minus = make([]float64, b), make([]float64, b)
		for i := range a.plus {
			a.plus[i], a.minus[i] = 1, -1
		}
	}
	for i, v := range views {
		*v = a.store[i].Slice(0, b)
	}
	for _, r := range rows {
		*r = (*r)[:b]
		clear(*r)
	}
	a.plus, a.minus = a.plus[:b], a.minus[:b]
	a.forwardDone = false
	return a
}

// Forward runs a batch of images x (B, 784) in [0, 1] through the model
// and returns the negative ELBO summed over the batch, with both codes
// sampled from rng, bottom first (notebook 13 §1):
//
//	L = Σ_rows [ −log p(x|z1) + KL₁ + KL₂ ],
//	KL₁ = log q(z1|x) − log p(z1|z2),  KL₂ = log q(z2|z1) − log p(z2).
//
// Loss.KL is KL₁ + KL₂; KLs gives them apart. It keeps x and every
// activation for Backward. It panics if the shapes do not fit.
func (m *Model) Forward(x vae.Mat, rng *rand.Rand) vae.Loss {
	a := m.ensure(x.Rows)
	a.x = x

	// Inference, bottom-up: q(z1 | x), then q(z2 | z1).
	m.Enc1.Forward(a.h1, x)
	vae.ReLUForward(a.h1, a.h1)
	m.Mu1.Forward(a.mu1, a.h1)
	m.LogVar1.Forward(a.lv1, a.h1)
	vae.ReparamForward(a.z1, a.eps1, a.sd1, a.mu1, a.lv1, rng)
	m.Enc2.Forward(a.h2, a.z1)
	vae.ReLUForward(a.h2, a.h2)
	m.Mu2.Forward(a.mu2, a.h2)
	m.LogVar2.Forward(a.lv2, a.h2)
	vae.ReparamForward(a.z2, a.eps2, a.sd2, a.mu2, a.lv2, rng)

	// The prior of the bottom code, p(z1 | z2).
	m.priorNet(a.z2)

	// The two KL terms, each at the sampled codes.
	iwae.LogPosteriorForward(a.logq1, a.z1, a.mu1, a.lv1, a.sd1)
	iwae.LogPosteriorForward(a.logp1, a.z1, a.muP, a.lvP, a.sdP)
	iwae.LogPosteriorForward(a.logq2, a.z2, a.mu2, a.lv2, a.sd2)
	iwae.LogPriorForward(a.logp2, a.z2)
	loss := vae.Loss{N: x.Rows}
	a.kl1, a.kl2 = 0, 0
	for r := range a.kl1Row {
		a.kl1Row[r] = a.logq1[r] - a.logp1[r]
		a.kl2Row[r] = a.logq2[r] - a.logp2[r]
		a.kl1 += a.kl1Row[r]
		a.kl2 += a.kl2Row[r]
	}
	loss.KL = a.kl1 + a.kl2

	// Reconstruction from the bottom code.
	m.decode(a.z1)
	loss.Recon = vae.BCEForward(a.probs, a.logits, x, a.reconRow)
	loss.Total = loss.Recon + loss.KL
	a.forwardDone = true
	return loss
}

// priorNet runs the prior net on z2, filling μp, lvp and σp = e^(lvp/2).
func (m *Model) priorNet(z2 vae.Mat) {
	a := &m.acts
	m.Pri.Forward(a.g, z2)
	vae.ReLUForward(a.g, a.g)
	m.MuP.Forward(a.muP, a.g)
	m.LogVarP.Forward(a.lvP, a.g)
	for i, v := range a.lvP.Data {
		a.sdP.Data[i] = float32(math.Exp(0.5 * float64(v)))
	}
}

// decode runs the decoder on z1, filling the logits.
func (m *Model) decode(z1 vae.Mat) {
	a := &m.acts
	m.Dec.Forward(a.h3, z1)
	vae.ReLUForward(a.h3, a.h3)
	m.Out.Forward(a.logits, a.h3)
}

// KLs returns the two KL terms of the last Forward, summed over its batch.
func (m *Model) KLs() (kl1, kl2 float64) { return m.acts.kl1, m.acts.kl2 }

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first). The gradient reaching each code is gathered in full
// before the reparameterization passes it on: z1 feeds the decoder, both
// densities of KL₁ and encoder 2; z2 feeds the prior net and both
// densities of KL₂. So Backward walks the top layer first, then the
// bottom. It panics if no Forward preceded it.
func (m *Model) Backward() {
	a := &m.acts
	if !a.forwardDone {
		panic("hvae: Model.Backward called before Model.Forward")
	}
	for _, g := range []vae.Mat{a.dh1, a.dmu1, a.dlv1, a.dz1, a.dh2, a.dmu2, a.dlv2, a.dz2, a.dg, a.dmuP, a.dlvP, a.dh3} {
		clear(g.Data)
	}

	// Reconstruction: the decoder, into dz1.
	vae.BCEBackward(a.dlogits, a.probs, a.x, 1)
	m.Out.Backward(a.dh3, a.dlogits, a.h3)
	vae.ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Dec.Backward(a.dz1, a.dh3, a.z1)

	// KL₁'s −log p(z1|z2): into dz1, and through the prior net into dz2.
	iwae.LogPosteriorBackward(a.dz1, a.dmuP, a.dlvP, a.minus, a.z1, a.muP, a.sdP)
	m.LogVarP.Backward(a.dg, a.dlvP, a.g)
	m.MuP.Backward(a.dg, a.dmuP, a.g)
	vae.ReLUBackward(a.dg, a.dg, a.g)
	m.Pri.Backward(a.dz2, a.dg, a.z2)

	// KL₂ = log q(z2|z1) − log p(z2); then z2's reparameterization and
	// encoder 2, whose input is z1.
	iwae.LogPosteriorBackward(a.dz2, a.dmu2, a.dlv2, a.plus, a.z2, a.mu2, a.sd2)
	iwae.LogPriorBackward(a.dz2, a.minus, a.z2)
	vae.ReparamBackward(a.dmu2, a.dlv2, a.dz2, a.eps2, a.sd2)
	m.LogVar2.Backward(a.dh2, a.dlv2, a.h2)
	m.Mu2.Backward(a.dh2, a.dmu2, a.h2)
	vae.ReLUBackward(a.dh2, a.dh2, a.h2)
	m.Enc2.Backward(a.dz1, a.dh2, a.z1)

	// KL₁'s +log q(z1|x); then z1's reparameterization and encoder 1.
	iwae.LogPosteriorBackward(a.dz1, a.dmu1, a.dlv1, a.plus, a.z1, a.mu1, a.sd1)
	vae.ReparamBackward(a.dmu1, a.dlv1, a.dz1, a.eps1, a.sd1)
	m.LogVar1.Backward(a.dh1, a.dlv1, a.h1)
	m.Mu1.Backward(a.dh1, a.dmu1, a.h1)
	vae.ReLUBackward(a.dh1, a.dh1, a.h1)
	m.Enc1.Backward(vae.Mat{}, a.dh1, a.x)
}
