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
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
	"github.com/vaelab/govae/vae/gemm"
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

// Model is a conditional VAE. As in vae.Model, the parameters live in one
// flat block, Params, and their gradients in Grads with the same layout;
// each layer's W and B are views into them, so Adam steps the whole model
// in one call and a checkpoint is one write.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in

	Params []float32 // fc1, fcMu, fcLogVar, fc3, fc4: W then B of each
	Grads  []float32 // ∂L/∂Params, same layout

	Fc1, FcMu, FcLogVar, Fc3, Fc4 *vae.Linear

	engine *gemm.Engine
	acts   activations
}

// New returns a Model with config c (defaults filled in), its weights drawn
// as vae.New draws them (uniform in ±1/√In, as PyTorch's nn.Linear) from a
// generator seeded with seed.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	m := &Model{Config: c, engine: gemm.New(c.Threads)}
	sizes := []struct {
		name    string
		in, out int
		l       **vae.Linear
	}{
		{"fc1", c.Input + c.Classes, c.Hidden, &m.Fc1}, // reads [x, y]
		{"fcMu", c.Hidden, c.Latent, &m.FcMu},
		{"fcLogVar", c.Hidden, c.Latent, &m.FcLogVar},
		{"fc3", c.Latent + c.Classes, c.Hidden, &m.Fc3}, // reads [z, y]
		{"fc4", c.Hidden, c.Input, &m.Fc4},
	}
	n := 0
	for _, s := range sizes {
		n += s.in*s.out + s.out
	}
	m.Params, m.Grads = make([]float32, n), make([]float32, n)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	off := 0
	for _, s := range sizes {
		l := &vae.Linear{Name: s.name, In: s.in, Out: s.out}
		nw := s.in * s.out
		l.W, l.DW = m.Params[off:off+nw], m.Grads[off:off+nw]
		off += nw
		l.B, l.DB = m.Params[off:off+s.out], m.Grads[off:off+s.out]
		off += s.out
		bound := 1 / math.Sqrt(float64(s.in))
		for _, p := range [][]float32{l.W, l.B} {
			for i := range p {
				p[i] = float32((2*rng.Float64() - 1) * bound)
			}
		}
		*s.l = l
	}
	return m, nil
}

// Layers returns the model's Linear layers in parameter-block order.
func (m *Model) Layers() []*vae.Linear {
	return []*vae.Linear{m.Fc1, m.FcMu, m.FcLogVar, m.Fc3, m.Fc4}
}

// ZeroGrad clears Grads before a backward pass.
func (m *Model) ZeroGrad() { clear(m.Grads) }

// Close releases the model's matmul workers.
func (m *Model) Close() { m.engine.Close() }

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
