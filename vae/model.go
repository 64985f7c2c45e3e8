package vae

import (
	"fmt"
)

// Model is an autoencoder (Kind AE) or a variational autoencoder (Kind
// VAE) with the architecture drawn in the package doc. Its parameters and
// gradients are a Block: m.Params, m.Grads, m.ZeroGrad, m.Layers.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in
	*Block

	Fc1, FcMu, FcLogVar, Fc3, Fc4 *Linear // FcLogVar is nil for an AE

	acts activations // sized for one batch size, allocated on first use
	jobs rowJobs     // the loss's passes over rows, bound once (forward.go)
}

// activations are the buffers a forward and backward pass of B rows need.
// They are allocated for the largest batch seen so far (capacity rows) and
// resliced for smaller ones, so alternating batch sizes (a short last batch)
// allocate nothing.
type activations struct {
	capacity               int
	x, target              Mat // (B, D) the batch Forward saw, and its reconstruction target
	h1, mu, logVar, eps, z Mat // (B, H), (B, Z) ×4
	sd                     Mat // (B, Z) σ = e^(½·logVar), kept by ReparamForward (VAE)
	h3, logits, probs      Mat // (B, H), (B, D) ×2; probs σ(logits) kept by the loss's forward
	dh1, dmu, dlogVar, dz  Mat // gradients of the same shapes
	dh3, dlogits           Mat
	reconRow, klRow        []float64 // (B) per-row loss terms
	beta                   float64   // the KL weight of the last Forward's objective
	store                  []Mat     // full-capacity storage behind the views
	forwardDone            bool
}

// New returns a Model with config c (defaults filled in) and weights drawn
// as PyTorch's nn.Linear draws them (NewBlock) from a generator seeded
// with seed. It returns an error if c is invalid.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m := &Model{Config: c, Block: NewBlock(c.Threads, seed, layerSizes(c)...)}
	layers := map[string]*Linear{}
	for _, l := range m.Layers() {
		layers[l.Name] = l
	}
	m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4 = layers["fc1"], layers["fcMu"], layers["fcLogVar"], layers["fc3"], layers["fc4"]
	m.Fc1.zeros.on = sparseFromEnv()
	m.jobs = rowJobs{forward: m.reconRows, backward: m.reconGradRows}
	return m, nil
}

// String describes the model, e.g. "VAE 784-400-20 (bernoulli, β=1)".
func (m *Model) String() string {
	c := m.Config
	s := fmt.Sprintf("%s %d-%d-%d (%s", map[Kind]string{AE: "AE", VAE: "VAE"}[c.Kind], c.Input, c.Hidden, c.Latent, c.Likelihood)
	if c.Likelihood == Gaussian {
		s += fmt.Sprintf(", s=%g", c.Sigma)
	}
	if c.Kind == VAE {
		s += fmt.Sprintf(", β=%g", c.Beta)
	}
	return s + ")"
}

// ensure points the activation buffers at b rows, allocating only when b
// exceeds every batch size seen before.
func (m *Model) ensure(b int) *activations {
	a := &m.acts
	c := m.Config
	views := []*Mat{&a.h1, &a.dh1, &a.h3, &a.dh3, &a.mu, &a.logVar, &a.eps, &a.z, &a.sd, &a.dmu, &a.dlogVar, &a.dz, &a.logits, &a.probs, &a.dlogits}
	cols := []int{c.Hidden, c.Hidden, c.Hidden, c.Hidden, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Input, c.Input, c.Input}
	if b > a.capacity || a.store == nil { // no store yet, even for a first batch of 0 rows
		a.capacity = max(b, 1)
		a.store = make([]Mat, len(views))
		for i := range views {
			a.store[i] = NewMat(a.capacity, cols[i])
		}
		a.reconRow, a.klRow = make([]float64, a.capacity), make([]float64, a.capacity)
	}
	for i, v := range views {
		*v = a.store[i].Slice(0, b)
	}
	a.reconRow, a.klRow = a.reconRow[:b], a.klRow[:b]
	a.forwardDone = false
	return a
}
