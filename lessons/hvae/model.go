// Package hvae is the code of notebook 13, "Two stochastic layers": a
// hierarchical VAE whose code is two layers deep. A top code z2 is drawn
// from N(0, I), a bottom code z1 from a Gaussian that a network computes
// from z2, and the digit from z1:
//
//	generative: z2 ~ N(0, I) (Z2) → prior net → p(z1 | z2) = N(μp, diag e^lvp) (Z1) → decoder → p(x | z1)
//	inference:  x (D) → encoder 1 → q(z1 | x) (Z1) → encoder 2 → q(z2 | z1) (Z2)
//
// Each network is one hidden layer of ReLUs between Linear layers of the
// library: 784-400-Z1 for the encoder and the decoder of the bottom layer,
// Z1-100-Z2 and Z2-100-Z1 for the top (Burda, Grosse and Salakhutdinov's
// two-layer architecture, with ReLUs). The negative ELBO has a KL term
// per layer, each estimated at the sampled codes,
//
//	L = −log p(x|z1) + [log q(z1|x) − log p(z1|z2)] + [log q(z2|z1) − log p(z2)],
//	                   KL₁                            KL₂
//
// and the log-densities are those of lessons/iwae (iwae.LogPosteriorForward
// scores any z under any diagonal Gaussian, iwae.LogPriorForward under
// N(0, I)).
package hvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets).
type Config struct {
	Hidden  int `json:"hidden"`  // H1, the bottom networks' hidden units [400]
	Latent1 int `json:"latent1"` // Z1, the bottom code [20]
	Hidden2 int `json:"hidden2"` // H2, the top networks' hidden units [100]
	Latent2 int `json:"latent2"` // Z2, the top code [10]
	Threads int `json:"-"`       // matmul threads [GOMAXPROCS]; no effect on results' meaning
}

// Input is the data dimension D, MNIST's 784 pixels.
const Input = 784

func (c Config) withDefaults() Config {
	for _, f := range []struct {
		v   *int
		def int
	}{{&c.Hidden, 400}, {&c.Latent1, 20}, {&c.Hidden2, 100}, {&c.Latent2, 10}} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	return c
}

// Validate returns an error if a size is negative.
func (c Config) Validate() error {
	if c.Hidden < 0 || c.Latent1 < 0 || c.Hidden2 < 0 || c.Latent2 < 0 || c.Threads < 0 {
		return fmt.Errorf("hvae: config %+v: sizes must be positive (0 means the default)", c)
	}
	return nil
}

// Model is a two-layer hierarchical VAE. Its parameters and gradients are
// one vae.Block of eleven Linear layers, in the order of the fields below.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in
	*vae.Block

	Enc1, Mu1, LogVar1 *vae.Linear // q(z1 | x): x → H1 → (μ1, lv1)
	Enc2, Mu2, LogVar2 *vae.Linear // q(z2 | z1): z1 → H2 → (μ2, lv2)
	Pri, MuP, LogVarP  *vae.Linear // p(z1 | z2): z2 → H2 → (μp, lvp)
	Dec, Out           *vae.Linear // p(x | z1): z1 → H1 → logits

	acts activations
}

// New returns a Model with config c (defaults filled in), its weights
// drawn by vae.NewBlockOf from a generator seeded with seed.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	lin := func(name string, in, out int) *vae.Linear { return &vae.Linear{Name: name, In: in, Out: out} }
	m := &Model{
		Config: c,
		Enc1:   lin("enc1", Input, c.Hidden), Mu1: lin("mu1", c.Hidden, c.Latent1), LogVar1: lin("logVar1", c.Hidden, c.Latent1),
		Enc2: lin("enc2", c.Latent1, c.Hidden2), Mu2: lin("mu2", c.Hidden2, c.Latent2), LogVar2: lin("logVar2", c.Hidden2, c.Latent2),
		Pri: lin("pri", c.Latent2, c.Hidden2), MuP: lin("muP", c.Hidden2, c.Latent1), LogVarP: lin("logVarP", c.Hidden2, c.Latent1),
		Dec: lin("dec", c.Latent1, c.Hidden), Out: lin("out", c.Hidden, Input),
	}
	m.Block = vae.NewBlockOf(c.Threads, seed, m.Enc1, m.Mu1, m.LogVar1, m.Enc2, m.Mu2, m.LogVar2, m.Pri, m.MuP, m.LogVarP, m.Dec, m.Out)
	return m, nil
}

// Weights returns the model's parameter block, for course.Fit's optimizer.
func (m *Model) Weights() *vae.Block { return m.Block }

// String describes the model, e.g. "hierarchical VAE 784-400-20-100-10".
func (m *Model) String() string {
	c := m.Config
	return fmt.Sprintf("hierarchical VAE %d-%d-%d-%d-%d", Input, c.Hidden, c.Latent1, c.Hidden2, c.Latent2)
}
