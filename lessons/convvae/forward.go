package convvae

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B rows,
// allocated for the largest batch seen and resliced for smaller ones. The
// cols buffers hold the windows a convolution cuts (im2col), which its
// backward pass reads again, and the scratch of the transposed ones.
type activations struct {
	capacity        int
	x               vae.Mat   // (B, 784) the batch Forward saw
	cols1           vae.Mat   // (B·196, 16) conv1's windows of x
	h1, dh1         vae.Mat   // (B, 14·14·C1)
	cols2, dcols2   vae.Mat   // (B·49, 16·C1) conv2's windows of h1, and their gradient
	h2, dh2         vae.Mat   // (B, 7·7·C2)
	mu, logVar, eps vae.Mat   // (B, Z)
	sd, z           vae.Mat   // (B, Z) σ kept by vae.ReparamForward, and the code
	dmu, dlogVar    vae.Mat   // (B, Z)
	dz              vae.Mat   // (B, Z)
	h3, dh3         vae.Mat   // (B, 7·7·C2)
	t1              vae.Mat   // (B·49, 16·C1) deconv1's painted windows (scratch)
	h4, dh4         vae.Mat   // (B, 14·14·C1)
	t2              vae.Mat   // (B·196, 16) deconv2's painted windows (scratch)
	logits, dlogits vae.Mat   // (B, 784)
	probs           vae.Mat   // (B, 784) σ(logits), kept by vae.BCEForward
	reconRow, klRow []float64 // (B) per-row loss terms
	store           []vae.Mat // full-capacity storage behind the views
	forwardDone     bool      // Backward and RowLosses need a Forward first
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
	img1, img2 := 14*14*c.C1, 7*7*c.C2
	bufs := []buf{
		{&a.cols1, 196, 16}, {&a.h1, 1, img1}, {&a.dh1, 1, img1},
		{&a.cols2, 49, 16 * c.C1}, {&a.dcols2, 49, 16 * c.C1}, {&a.h2, 1, img2}, {&a.dh2, 1, img2},
		{&a.mu, 1, c.Latent}, {&a.logVar, 1, c.Latent}, {&a.eps, 1, c.Latent}, {&a.sd, 1, c.Latent}, {&a.z, 1, c.Latent},
		{&a.dmu, 1, c.Latent}, {&a.dlogVar, 1, c.Latent}, {&a.dz, 1, c.Latent},
		{&a.h3, 1, img2}, {&a.dh3, 1, img2}, {&a.t1, 49, 16 * c.C1}, {&a.h4, 1, img1}, {&a.dh4, 1, img1},
		{&a.t2, 196, 16}, {&a.logits, 1, Side * Side}, {&a.dlogits, 1, Side * Side}, {&a.probs, 1, Side * Side},
	}
	if b > a.capacity {
		a.capacity = b
		a.store = make([]vae.Mat, len(bufs))
		for i, f := range bufs {
			a.store[i] = vae.NewMat(b*f.rows, f.cols)
		}
		a.reconRow, a.klRow = make([]float64, b), make([]float64, b)
	}
	for i, f := range bufs {
		*f.v = a.store[i].Slice(0, b*f.rows)
	}
	a.reconRow, a.klRow = a.reconRow[:b], a.klRow[:b]
	clear(a.reconRow)
	clear(a.klRow)
	a.forwardDone = false
	return a
}

// Forward runs a batch of images x (B, 784) in [0, 1] through the model
// and returns the negative ELBO summed over the batch, with eps drawn from
// rng (notebook 10 §3):
//
//	L = Σ_rows [ −log p(x | z) + KL(q(z | x) ‖ N(0, I)) ],
//
// the MLP VAE's loss: only the layers between x and the code differ. It
// keeps x and every activation for Backward, so x may not change until
// Backward has run. It panics if the shapes do not fit.
func (m *Model) Forward(x vae.Mat, rng *rand.Rand) vae.Loss {
	a := m.encode(x)

	// Latent: z = mu + σ ⊙ eps, and the KL from the prior N(0, I).
	vae.ReparamForward(a.z, a.eps, a.sd, a.mu, a.logVar, rng)
	loss := vae.Loss{N: x.Rows}
	loss.KL = vae.KLForward(a.mu, a.logVar, a.sd, a.klRow)

	m.decode(a.z)

	// Reconstruction: −log p(x | z), Bernoulli pixels.
	loss.Recon = vae.BCEForward(a.probs, a.logits, x, a.reconRow)
	loss.Total = loss.Recon + loss.KL
	a.forwardDone = true
	return loss
}

// encode runs the encoder q(z | x) on x, filling mu and logVar.
func (m *Model) encode(x vae.Mat) *activations {
	a := m.ensure(x.Rows)
	a.x = x
	m.Conv1.Forward(a.h1, a.cols1, x) // 28×28×1 → 14×14×C1
	vae.ReLUForward(a.h1, a.h1)
	m.Conv2.Forward(a.h2, a.cols2, a.h1) // → 7×7×C2
	vae.ReLUForward(a.h2, a.h2)
	m.FcMu.Forward(a.mu, a.h2) // the 7·7·C2 image, read as one vector
	m.FcLogVar.Forward(a.logVar, a.h2)
	return a
}

// decode runs the decoder p(x | z) on z (B, Z), filling the logits.
func (m *Model) decode(z vae.Mat) {
	a := &m.acts
	m.Fc3.Forward(a.h3, z) // one vector, read as a 7×7×C2 image
	vae.ReLUForward(a.h3, a.h3)
	m.Deconv1.Forward(a.h4, a.t1, a.h3) // → 14×14×C1
	vae.ReLUForward(a.h4, a.h4)
	m.Deconv2.Forward(a.logits, a.t2, a.h4) // → 28×28×1
}

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first), walking Forward in reverse. It panics if no Forward
// preceded it.
func (m *Model) Backward() {
	a := &m.acts
	if !a.forwardDone {
		panic("convvae: Model.Backward called before Model.Forward")
	}
	for _, g := range []vae.Mat{a.dh4, a.dh3, a.dz, a.dmu, a.dlogVar, a.dh2, a.dh1} {
		clear(g.Data) // the layers' backward passes add into them
	}

	// The chain rule starts at dLoss/dlogits (dLoss = 1).
	vae.BCEBackward(a.dlogits, a.probs, a.x, 1)

	// Decoder, in reverse.
	m.Deconv2.Backward(a.dh4, a.t2, a.dlogits, a.h4)
	vae.ReLUBackward(a.dh4, a.dh4, a.h4)
	m.Deconv1.Backward(a.dh3, a.t1, a.dh4, a.h3)
	vae.ReLUBackward(a.dh3, a.dh3, a.h3)
	m.Fc3.Backward(a.dz, a.dh3, a.z)

	// Latent.
	vae.ReparamBackward(a.dmu, a.dlogVar, a.dz, a.eps, a.sd)
	vae.KLBackward(a.dmu, a.dlogVar, a.mu, a.sd, 1)

	// Encoder, in reverse; the data needs no gradient.
	m.FcLogVar.Backward(a.dh2, a.dlogVar, a.h2)
	m.FcMu.Backward(a.dh2, a.dmu, a.h2)
	vae.ReLUBackward(a.dh2, a.dh2, a.h2)
	m.Conv2.Backward(a.dh1, a.dcols2, a.dh2, a.cols2)
	vae.ReLUBackward(a.dh1, a.dh1, a.h1)
	m.Conv1.Backward(vae.Mat{}, vae.Mat{}, a.dh1, a.cols1)
}

// RowLosses returns the reconstruction and KL terms of each row of the
// last Forward (each of length B), reused by the next Forward.
func (m *Model) RowLosses() (recon, kl []float64) {
	if !m.acts.forwardDone {
		panic("convvae: Model.RowLosses called before Model.Forward")
	}
	return m.acts.reconRow, m.acts.klRow
}
