package cvae

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B rows,
// allocated for the largest batch seen and resliced for smaller ones.
type activations struct {
	capacity        int
	x, y            vae.Mat   // (B, D), (B, C): the batch Forward saw
	xy              vae.Mat   // (B, D+C) encoder input [x, y]
	h1, dh1         vae.Mat   // (B, H)
	mu, logVar, eps vae.Mat   // (B, Z)
	sd              vae.Mat   // (B, Z) σ, kept by vae.ReparamForward
	z, dmu, dlogVar vae.Mat   // (B, Z)
	dz              vae.Mat   // (B, Z)
	zy, dzy         vae.Mat   // (B, Z+C) decoder input [z, y]
	h3, dh3         vae.Mat   // (B, H)
	logits, dlogits vae.Mat   // (B, D)
	probs           vae.Mat   // (B, D) σ(logits), kept by vae.BCEForward
	reconRow, klRow []float64 // (B) per-row loss terms
	store           []vae.Mat // full-capacity storage behind the views
	forwardDone     bool      // Backward and RowLosses need a Forward first
}

// ensure points the activation buffers at b rows, allocating only when b
// exceeds every batch size seen before, and clears the per-row losses.
func (m *Model) ensure(b int) *activations {
	a := &m.acts
	c := m.Config
	views := []*vae.Mat{&a.xy, &a.h1, &a.dh1, &a.mu, &a.logVar, &a.eps, &a.sd, &a.z, &a.dmu, &a.dlogVar, &a.dz,
		&a.zy, &a.dzy, &a.h3, &a.dh3, &a.logits, &a.probs, &a.dlogits}
	cols := []int{c.Input + c.Classes, c.Hidden, c.Hidden, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent,
		c.Latent + c.Classes, c.Latent + c.Classes, c.Hidden, c.Hidden, c.Input, c.Input, c.Input}
	if b > a.capacity {
		a.capacity = b
		a.store = make([]vae.Mat, len(views))
		for i := range views {
			a.store[i] = vae.NewMat(b, cols[i])
		}
		a.reconRow, a.klRow = make([]float64, b), make([]float64, b)
	}
	for i, v := range views {
		*v = a.store[i].Slice(0, b)
	}
	a.reconRow, a.klRow = a.reconRow[:b], a.klRow[:b]
	clear(a.reconRow)
	clear(a.klRow)
	a.forwardDone = false
	return a
}

// Forward runs a batch of images x (B, D) in [0, 1] with their one-hot
// labels y (B, C) through the model and returns the negative conditional
// ELBO summed over the batch, with eps drawn from rng (notebook 06 §2):
//
//	L = Σ_rows [ −log p(x | z, y) + KL(q(z | x, y) ‖ N(0, I)) ]
//
// It keeps x, y and every activation for Backward, so neither may change
// until Backward has run. It panics if the shapes do not fit.
func (m *Model) Forward(x, y vae.Mat, rng *rand.Rand) vae.Loss {
	c := m.Config
	mustShape("Model.Forward images x", x, x.Rows, c.Input)
	mustShape("Model.Forward labels y", y, x.Rows, c.Classes)
	a := m.ensure(x.Rows)
	a.x, a.y = x, y

	// Encoder q(z | x, y): the VAE's, reading [x, y] instead of x.
	ConcatForward(a.xy, x, y)
	m.Fc1.Forward(a.h1, a.xy)
	vae.ReLUForward(a.h1, a.h1)
	m.FcMu.Forward(a.mu, a.h1)
	m.FcLogVar.Forward(a.logVar, a.h1)

	// Latent: z = mu + σ ⊙ eps, and the KL from the prior N(0, I).
	vae.ReparamForward(a.z, a.eps, a.sd, a.mu, a.logVar, rng)
	loss := vae.Loss{N: x.Rows}
	loss.KL = vae.KLForward(a.mu, a.logVar, a.sd, a.klRow)

	// Decoder p(x | z, y): the VAE's, reading [z, y] instead of z.
	ConcatForward(a.zy, a.z, y)
	m.Fc3.Forward(a.h3, a.zy)
	vae.ReLUForward(a.h3, a.h3)
	m.Fc4.Forward(a.logits, a.h3)

	// Reconstruction: −log p(x | z, y), Bernoulli pixels.
	loss.Recon = vae.BCEForward(a.probs, a.logits, x, a.reconRow)
	loss.Total = loss.Recon + loss.KL
	a.forwardDone = true
	return loss
}

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first), walking Forward in reverse. When dy has data it also
// adds ∂Loss.Total/∂y into dy (B, C), through both concatenations:
// training never needs it (a label is data), but it shows where the label
// enters the loss and lets a test check both ConcatBackward calls in full.
//
// It panics if no Forward preceded it.
func (m *Model) Backward(dy vae.Mat) {
	a := &m.acts
	if !a.forwardDone {
		panic("cvae: Model.Backward called before Model.Forward")
	}
	c := m.Config
	for _, g := range []vae.Mat{a.dh3, a.dzy, a.dz, a.dmu, a.dlogVar, a.dh1} {
		clear(g.Data)
	}
	if dy.Data != nil {
		mustShape("Model.Backward label gradient dy", dy, a.y.Rows, c.Classes)
	}

	// The chain rule starts at dLoss/dlogits (dLoss = 1).
	vae.BCEBackward(a.dlogits, a.probs, a.x, 1)

	// Decoder, in reverse; the concatenation splits ∂L/∂[z, y].
	m.Fc4.Backward(a.dh3, a.dlogits, a.h3)
	vae.ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Fc3.Backward(a.dzy, a.dh3, a.zy)
	ConcatBackward(a.dz, vae.Mat{Rows: a.y.Rows, Cols: c.Classes, Data: dy.Data}, a.dzy)

	// Latent.
	vae.ReparamBackward(a.dmu, a.dlogVar, a.dz, a.eps, a.sd)
	vae.KLBackward(a.dmu, a.dlogVar, a.mu, a.sd, 1)

	// Encoder, in reverse; ∂L/∂[x, y] is only needed for dy.
	m.FcLogVar.Backward(a.dh1, a.dlogVar, a.h1)
	m.FcMu.Backward(a.dh1, a.dmu, a.h1)
	vae.ReLUBackward(a.dh1, a.dh1, a.h1)
	if dy.Data == nil {
		m.Fc1.Backward(vae.Mat{}, a.dh1, a.xy)
		return
	}
	dxy := vae.NewMat(a.xy.Rows, a.xy.Cols)
	m.Fc1.Backward(dxy, a.dh1, a.xy)
	ConcatBackward(vae.Mat{Rows: a.x.Rows, Cols: c.Input}, dy, dxy)
}

// RowLosses returns the reconstruction and KL terms of each row of the
// last Forward (each of length B), reused by the next Forward.
func (m *Model) RowLosses() (recon, kl []float64) {
	if !m.acts.forwardDone {
		panic("cvae: Model.RowLosses called before Model.Forward")
	}
	return m.acts.reconRow, m.acts.klRow
}
