package vae

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae/gemm"
)

// Model is an autoencoder (Kind AE) or a variational autoencoder (Kind
// VAE) with the architecture drawn in the package doc. Parameters live in
// one flat block, Params, and their gradients in Grads with the same
// layout; the layers' W and B are views into them (as in llm.c), so an
// optimizer step is one loop and a checkpoint is one write.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in

	Params []float32 // all weights and biases, layer after layer
	Grads  []float32 // ∂L/∂Params, same layout

	Fc1, FcMu, FcLogVar, Fc3, Fc4 *Linear // FcLogVar is nil for an AE

	engine   *gemm.Engine
	sparse   bool             // fc1 may skip the input's zeros; see sparse.go
	acts     activations      // sized for one batch size, allocated on first use
	reconJob func(lo, hi int) // m.bernoulliRows, bound once so a step does not allocate
	zeroJob  func(lo, hi int) // m.zeroGrads, likewise
}

// activations are the buffers a forward and backward pass of B rows need.
// They are allocated for the largest batch seen so far (capacity rows) and
// resliced for smaller ones, so alternating batch sizes (a short last batch)
// allocate nothing.
type activations struct {
	capacity               int
	x, target              Mat // (B, D) the batch Forward saw, and its reconstruction target
	h1, mu, logVar, eps, z Mat // (B, H), (B, Z) ×4
	sd                     Mat // (B, Z) σ = e^(½·logVar), kept for Backward (VAE)
	h3, logits             Mat // (B, H), (B, D)
	dh1, dmu, dlogVar, dz  Mat // gradients of the same shapes
	dh3, dlogits           Mat
	xs, xsT                gemm.Sparse // x and xᵀ by their nonzeros, when fc1 uses them
	sparseX                bool        // fc1 used xs in Forward, and uses xsT in Backward
	reconRow, klRow        []float64   // (B) per-row loss terms
	dlogitsReady           bool        // Forward already wrote dlogits (Bernoulli)
	store                  []Mat       // full-capacity storage behind the views
	forwardDone            bool
}

// New returns a Model with config c (defaults filled in) and weights drawn
// as PyTorch's nn.Linear draws them: W and b uniform in ±1/√In, from a
// generator seeded with seed. It returns an error if c is invalid.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m := &Model{Config: c, engine: gemm.New(c.Threads), sparse: sparseFromEnv()}
	m.reconJob = m.bernoulliRows
	m.zeroJob = m.zeroGrads
	n := paramCount(c)
	m.Params = make([]float32, n)
	m.Grads = make([]float32, n)
	off := 0
	layers := map[string]*Linear{}
	for _, s := range layerSizes(c) {
		l := &Linear{Name: s.name, In: s.in, Out: s.out}
		nw := s.in * s.out
		l.W, l.DW = m.Params[off:off+nw], m.Grads[off:off+nw]
		off += nw
		l.B, l.DB = m.Params[off:off+s.out], m.Grads[off:off+s.out]
		off += s.out
		layers[s.name] = l
	}
	m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4 = layers["fc1"], layers["fcMu"], layers["fcLogVar"], layers["fc3"], layers["fc4"]
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for _, l := range m.Layers() {
		bound := 1 / math.Sqrt(float64(l.In))
		for i := range l.W {
			l.W[i] = float32((2*rng.Float64() - 1) * bound)
		}
		for i := range l.B {
			l.B[i] = float32((2*rng.Float64() - 1) * bound)
		}
	}
	return m, nil
}

// Layers returns the model's Linear layers in parameter-block order.
func (m *Model) Layers() []*Linear {
	if m.FcLogVar == nil {
		return []*Linear{m.Fc1, m.FcMu, m.Fc3, m.Fc4}
	}
	return []*Linear{m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4}
}

// Engine returns the matmul engine the model's layers run on, for code
// that composes the layers itself or wants the same threads (Adam.Engine).
func (m *Model) Engine() *gemm.Engine { return m.engine }

// Close releases the model's matmul workers.
func (m *Model) Close() { m.engine.Close() }

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
	views := []*Mat{&a.h1, &a.dh1, &a.h3, &a.dh3, &a.mu, &a.logVar, &a.eps, &a.z, &a.sd, &a.dmu, &a.dlogVar, &a.dz, &a.logits, &a.dlogits}
	cols := []int{c.Hidden, c.Hidden, c.Hidden, c.Hidden, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Input, c.Input}
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
