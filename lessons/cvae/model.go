// Package cvae is the code of notebook 06, "The conditional VAE": a VAE
// whose encoder and decoder both read a one-hot label y, built from the
// layers of package vae (vae.Model has no input for a label, and this
// lesson shows that none is needed inside the library: conditioning is two
// concatenations). It trains the model with live progress, keeps it in the
// course's model folder, generates digits of a chosen class, swaps the
// label under a fixed style code, and classifies digits by their
// conditional ELBO.
//
//	encoder: [x, y] (B, D+C) → fc1 → ReLU → h1 (B, H) → fcMu     → mu     (B, Z)
//	                                                  → fcLogVar → logVar (B, Z)
//	latent:  z = mu + exp(logVar/2) ⊙ eps,  eps ~ N(0, I)
//	decoder: [z, y] (B, Z+C) → fc3 → ReLU → h3 (B, H) → fc4 → logits (B, D)
//
// Letters in shape comments are those of package vae (B batch, D pixels,
// H hidden units, Z latent dimensions) and C, the number of classes.
package cvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets): the VAE of the earlier notebooks, plus the label.
type Config struct {
	Input   int `json:"input"`   // D, pixels [784]
	Classes int `json:"classes"` // C, length of the one-hot label [10]
	Hidden  int `json:"hidden"`  // H [400]
	Latent  int `json:"latent"`  // Z [20]
	Threads int `json:"-"`       // matmul threads [GOMAXPROCS]; no effect on results' meaning
}

func (c Config) withDefaults() Config {
	for _, f := range []struct {
		v   *int
		def int
	}{{&c.Input, 784}, {&c.Classes, 10}, {&c.Hidden, 400}, {&c.Latent, 20}} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	return c
}

// Validate returns an error if a size is negative.
func (c Config) Validate() error {
	if c.Input < 0 || c.Classes < 0 || c.Hidden < 0 || c.Latent < 0 {
		return fmt.Errorf("cvae: config %+v: sizes must be positive (0 means the default)", c)
	}
	return nil
}

// Model is a conditional VAE. Its parameters and gradients are a
// vae.Block, as vae.Model's are (m.Params, m.Grads, m.ZeroGrad, m.Layers):
// each layer's W and B are views into one flat block, so Adam steps the
// whole model in one call and a checkpoint is one write.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config     Config // with defaults filled in
	*vae.Block        // fc1, fcMu, fcLogVar, fc3, fc4: W then B of each

	Fc1, FcMu, FcLogVar, Fc3, Fc4 *vae.Linear

	acts activations
}

// New returns a Model with config c (defaults filled in), its weights drawn
// as vae.New draws them (vae.NewBlock: uniform in ±1/√In, as PyTorch's
// nn.Linear) from a generator seeded with seed.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m := &Model{Config: c, Block: vae.NewBlock(c.Threads, seed,
		vae.LayerSize{Name: "fc1", In: c.Input + c.Classes, Out: c.Hidden}, // reads [x, y]
		vae.LayerSize{Name: "fcMu", In: c.Hidden, Out: c.Latent},
		vae.LayerSize{Name: "fcLogVar", In: c.Hidden, Out: c.Latent},
		vae.LayerSize{Name: "fc3", In: c.Latent + c.Classes, Out: c.Hidden}, // reads [z, y]
		vae.LayerSize{Name: "fc4", In: c.Hidden, Out: c.Input},
	)}
	ls := m.Layers()
	m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4 = ls[0], ls[1], ls[2], ls[3], ls[4]
	return m, nil
}

// String describes the model, e.g. "CVAE 784-400-20 with a 10-class label".
func (m *Model) String() string {
	c := m.Config
	return fmt.Sprintf("CVAE %d-%d-%d with a %d-class label", c.Input, c.Hidden, c.Latent, c.Classes)
}

// OneHot returns the one-hot codes of labels, (len(labels), classes): row
// i is all zeros but a 1 in column labels[i]. It panics on a label outside
// [0, classes).
func OneHot(labels []int, classes int) vae.Mat {
	y := vae.NewMat(len(labels), classes)
	for i, k := range labels {
		if k < 0 || k >= classes {
			panic(fmt.Sprintf("cvae: OneHot: label %d outside [0, %d)", k, classes))
		}
		y.Row(i)[k] = 1
	}
	return y
}
