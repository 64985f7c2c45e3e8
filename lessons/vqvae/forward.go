package vqvae

import (
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B rows,
// allocated for the largest batch seen and resliced for smaller ones.
type activations struct {
	capacity        int
	x               vae.Mat   // (B, 784) the batch Forward saw
	cols1           vae.Mat   // (B·196, 16) conv1's windows of x
	h1, dh1         vae.Mat   // (B, 14·14·C1)
	cols2, dcols2   vae.Mat   // (B·49, 16·C1) conv2's windows of h1, and their gradient
	ze, dze         vae.Mat   // (B, P·D) the encoder's vectors
	zq, dzq         vae.Mat   // (B, P·D) their codes' vectors
	codes           []int32   // (B·P) the code chosen at each position
	t1              vae.Mat   // (B·49, 16·C1) deconv1's painted windows (scratch)
	h3, dh3         vae.Mat   // (B, 14·14·C1)
	t2              vae.Mat   // (B·196, 16) deconv2's painted windows (scratch)
	logits, dlogits vae.Mat   // (B, 784)
	probs           vae.Mat   // (B, 784) σ(logits), kept by vae.BCEForward
	reconRow, vqRow []float64 // (B) per-row reconstruction and ‖ze − e‖² terms
	vq              float64   // Σ ‖ze − e‖² of the last Forward
	store           []vae.Mat // full-capacity storage behind the views
	forwardDone     bool      // Backward needs a Forward first
}

// ensure points the activation buffers at b rows, allocating only when b
// exceeds every batch size seen before, and clears the per-row losses.
func (m *Model) ensure(b int) *activations {
	a := &m.acts
	c := m.Config
	type buf struct {
		v          *vae.Mat
		rows, cols int // per row of the batch
	}
	img1, grid := 14*14*c.C1, Positions*c.Dim
	bufs := []buf{
		{&a.cols1, 196, 16}, {&a.h1, 1, img1}, {&a.dh1, 1, img1},
		{&a.cols2, 49, 16 * c.C1}, {&a.dcols2, 49, 16 * c.C1},
		{&a.ze, 1, grid}, {&a.dze, 1, grid}, {&a.zq, 1, grid}, {&a.dzq, 1, grid},
		{&a.t1, 49, 16 * c.C1}, {&a.h3, 1, img1}, {&a.dh3, 1, img1},
		{&a.t2, 196, 16}, {&a.logits, 1, Side * Side}, {&a.dlogits, 1, Side * Side}, {&a.probs, 1, Side * Side},
	}
	if b > a.capacity {
		a.capacity = b
		a.store = make([]vae.Mat, len(bufs))
		for i, f := range bufs {
			a.store[i] = vae.NewMat(b*f.rows, f.cols)
		}
		a.reconRow, a.vqRow = make([]float64, b), make([]float64, b)
		a.codes = make([]int32, b*Positions)
	}
	for i, f := range bufs {
		*f.v = a.store[i].Slice(0, b*f.rows)
	}
	a.reconRow, a.vqRow, a.codes = a.reconRow[:b], a.vqRow[:b], a.codes[:b*Positions]
	clear(a.reconRow)
	clear(a.vqRow)
	a.forwardDone = false
	return a
}

// Forward runs a batch of images x (B, 784) in [0, 1] through the model
// (rng is unused: a VQ-VAE's encoder is deterministic) and returns the
// negative ELBO under the uniform prior over codes, summed over the batch
// (notebook 11 §2):
//
//	L = Σ_rows [ −log p(x | zq) + P·log K ],
//
// the KL term of a one-hot q(c|x) from the uniform prior being log K per
// position. Training minimizes the reconstruction term plus the codebook
// and commitment terms (VQLoss), which are no part of the bound, and the
// constant KL drops out. Forward keeps x and every activation for
// Backward. It panics if the shapes do not fit.
func (m *Model) Forward(x vae.Mat, _ *rand.Rand) vae.Loss {
	a := m.encode(x)
	m.decode(a.zq)
	loss := vae.Loss{N: x.Rows}
	loss.Recon = vae.BCEForward(a.probs, a.logits, x, a.reconRow)
	loss.KL = float64(x.Rows*Positions) * math.Log(float64(m.Config.Codes))
	loss.Total = loss.Recon + loss.KL
	a.forwardDone = true
	return loss
}

// encode runs the encoder and the quantizer on x.
func (m *Model) encode(x vae.Mat) *activations {
	a := m.ensure(x.Rows)
	a.x = x
	m.Conv1.Forward(a.h1, a.cols1, x) // 28×28×1 → 14×14×C1
	vae.ReLUForward(a.h1, a.h1)
	m.Conv2.Forward(a.ze, a.cols2, a.h1) // → 7×7×D, one vector per position
	a.vq = QuantizeForward(a.zq, a.codes, a.ze, m.Codebook, a.vqRow)
	return a
}

// decode runs the decoder on code vectors zq (B, P·D), filling the logits.
func (m *Model) decode(zq vae.Mat) {
	a := &m.acts
	m.Deconv1.Forward(a.h3, a.t1, zq) // 7×7×D → 14×14×C1
	vae.ReLUForward(a.h3, a.h3)
	m.Deconv2.Forward(a.logits, a.t2, a.h3) // → 28×28×1
}

// VQLoss returns Σ ‖ze − e‖² of the last Forward, summed over its batch:
// the value of the codebook term, and, times β, of the commitment term.
func (m *Model) VQLoss() float64 { return m.acts.vq }

// Backward adds the gradient of the training loss of the last Forward,
// recon + ‖sg(ze) − e‖² + β‖ze − sg(e)‖², into Grads (call ZeroGrad
// first), walking Forward in reverse; QuantizeBackward passes the
// decoder's gradient straight through to the encoder. It panics if no
// Forward preceded it.
func (m *Model) Backward() {
	a := &m.acts
	if !a.forwardDone {
		panic("vqvae: Model.Backward called before Model.Forward")
	}
	for _, g := range []vae.Mat{a.dh3, a.dzq, a.dze, a.dh1} {
		clear(g.Data) // the layers' backward passes add into them
	}
	vae.BCEBackward(a.dlogits, a.probs, a.x, 1)

	// Decoder, in reverse.
	m.Deconv2.Backward(a.dh3, a.t2, a.dlogits, a.h3)
	vae.ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Deconv1.Backward(a.dzq, a.t1, a.dh3, a.zq)

	// The codebook: straight through, commitment, codebook terms.
	QuantizeBackward(a.dze, a.dzq, a.ze, a.codes, m.Codebook, m.Config.Beta)

	// Encoder, in reverse; the data needs no gradient.
	m.Conv2.Backward(a.dh1, a.dcols2, a.dze, a.cols2)
	vae.ReLUBackward(a.dh1, a.dh1, a.h1)
	m.Conv1.Backward(vae.Mat{}, vae.Mat{}, a.dh1, a.cols1)
}
