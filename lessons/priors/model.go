// Package priors is the code of notebook 12, "Learnable priors": the VAE
// of notebook 1 with its prior N(0, I) replaced by one it learns, a
// mixture of Gaussians (MoG) or Tomczak and Welling's VampPrior ("VAE
// with a VampPrior", 2018), a mixture of the encoder's own posteriors at
// learned pseudo-inputs:
//
//	standard: p(z) = N(0, I)
//	mog:      p(z) = Σ_k π_k N(z; m_k, diag e^lv_k),      m, lv and π learned
//	vamp:     p(z) = (1/K) Σ_k q(z | u_k),                the pseudo-inputs u_k learned
//
// With a prior other than N(0, I) the KL term has no closed form, so every
// model here uses the one-sample estimate log q(z|x) − log p(z) at the
// sampled z (the sampled KL of lessons/iwae, whose log-density layers
// this package calls), and the loss is the negative ELBO:
//
//	L = Σ_rows [ −log p(x|z) + log q(z|x) − log p(z) ],  z = μ + σ ⊙ ε.
//
// The encoder and decoder are notebook 1's (784-400-20, ReLU, Bernoulli
// pixels), built from the library's layers; the prior's parameters are
// vae.Tables in the same Block, stepped by the same Adam.
package priors

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// The priors a Config may name.
const (
	Standard = "standard" // N(0, I)
	MoG      = "mog"      // a learned mixture of Gaussians
	Vamp     = "vamp"     // the VampPrior
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets).
type Config struct {
	Prior      string `json:"prior"`      // Standard, MoG or Vamp ["standard"]
	Hidden     int    `json:"hidden"`     // H [400]
	Latent     int    `json:"latent"`     // Z [20]
	Components int    `json:"components"` // K, the mixture's components or pseudo-inputs [10 for mog, 50 for vamp]
	Threads    int    `json:"-"`          // matmul threads [GOMAXPROCS]; no effect on results' meaning
}

// Input is the data dimension D, MNIST's 784 pixels.
const Input = 784

func (c Config) withDefaults() Config {
	if c.Prior == "" {
		c.Prior = Standard
	}
	if c.Hidden == 0 {
		c.Hidden = 400
	}
	if c.Latent == 0 {
		c.Latent = 20
	}
	if c.Components == 0 {
		c.Components = map[string]int{Standard: 0, MoG: 10, Vamp: 50}[c.Prior]
	}
	return c
}

// Validate returns an error for an unknown prior or a negative size.
func (c Config) Validate() error {
	switch c.Prior {
	case "", Standard, MoG, Vamp:
	default:
		return fmt.Errorf("priors: prior %q: use %q, %q or %q", c.Prior, Standard, MoG, Vamp)
	}
	if c.Hidden < 0 || c.Latent < 0 || c.Components < 0 || c.Threads < 0 {
		return fmt.Errorf("priors: config %+v: sizes must be positive (0 means the default)", c)
	}
	if c.Prior == Standard && c.Components > 0 {
		return fmt.Errorf("priors: the standard prior N(0, I) has no components, but the config asks for %d: set 0, or choose %q or %q", c.Components, MoG, Vamp)
	}
	return nil
}

// Model is a VAE with a learnable prior. Its parameters and gradients
// are one vae.Block: the five Linear layers of notebook 1's VAE, then the
// prior's tables (MoG: Means, LogVars, Logits; Vamp: Pseudo).
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in
	*vae.Block

	Fc1, FcMu, FcLogVar, Fc3, Fc4 *vae.Linear

	Means, LogVars *vae.Table // MoG: (K, Z) the components' means and log-variances
	Logits         *vae.Table // MoG: (1, K) the weights' logits, π = softmax
	Pseudo         *vae.Table // Vamp: (K, D) the pseudo-inputs u_k

	acts activations
	mix  Mixture
}

// New returns a Model with config c (defaults filled in), its weights
// drawn by vae.NewBlockOf from a generator seeded with seed (the Linear
// layers first, so they start as vae.New's VAE of the same sizes and seed
// does). A MoG starts with means uniform in ±1, unit variances and equal
// weights; the pseudo-inputs start uniform in ±0.1, near a blank image.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m := &Model{
		Config:   c,
		Fc1:      &vae.Linear{Name: "fc1", In: Input, Out: c.Hidden},
		FcMu:     &vae.Linear{Name: "fcMu", In: c.Hidden, Out: c.Latent},
		FcLogVar: &vae.Linear{Name: "fcLogVar", In: c.Hidden, Out: c.Latent},
		Fc3:      &vae.Linear{Name: "fc3", In: c.Latent, Out: c.Hidden},
		Fc4:      &vae.Linear{Name: "fc4", In: c.Hidden, Out: Input},
	}
	layers := []vae.Layer{m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4}
	switch c.Prior {
	case MoG:
		m.Means = &vae.Table{Name: "means", Rows: c.Components, Cols: c.Latent, Bound: 1}
		m.LogVars = &vae.Table{Name: "logVars", Rows: c.Components, Cols: c.Latent}
		m.Logits = &vae.Table{Name: "logits", Rows: 1, Cols: c.Components}
		layers = append(layers, m.Means, m.LogVars, m.Logits)
	case Vamp:
		m.Pseudo = &vae.Table{Name: "pseudo", Rows: c.Components, Cols: Input, Bound: 0.1}
		layers = append(layers, m.Pseudo)
	}
	m.Block = vae.NewBlockOf(c.Threads, seed, layers...)
	return m, nil
}

// Weights returns the model's parameter block, for course.Fit's optimizer.
func (m *Model) Weights() *vae.Block { return m.Block }

// String describes the model, e.g. "VAE 784-400-20 with a MoG prior of 10 components".
func (m *Model) String() string {
	c := m.Config
	s := fmt.Sprintf("VAE %d-%d-%d", Input, c.Hidden, c.Latent)
	switch c.Prior {
	case MoG:
		return s + fmt.Sprintf(" with a MoG prior of %d components", c.Components)
	case Vamp:
		return s + fmt.Sprintf(" with a VampPrior of %d pseudo-inputs", c.Components)
	}
	return s + " with the prior N(0, I)"
}

// tableMat returns a table's values (or, with grad, its gradients) as a
// matrix, sharing storage.
func tableMat(t *vae.Table, grad bool) vae.Mat {
	if grad {
		return vae.MatFrom(t.Rows, t.Cols, t.DW)
	}
	return vae.MatFrom(t.Rows, t.Cols, t.W)
}
