// Package convvae is the code of notebook 10, "A convolutional VAE": the
// VAE of the earlier notebooks with its first and last layers replaced by
// convolutions (vae.Conv2D) and transposed convolutions
// (vae.ConvTranspose2D), which see a digit as a 28×28 image rather than
// 784 unrelated numbers. The code z keeps the MLP's 20 dimensions, so the
// two models can be set side by side: test loss, reconstructions, prior
// samples and seconds per epoch.
//
//	encoder: x (B, 28·28·1) → conv1 4×4/2 → ReLU → h1 (B, 14·14·C1) → conv2 4×4/2 → ReLU → h2 (B, 7·7·C2)
//	                        → fcMu → mu (B, Z),  fcLogVar → logVar (B, Z)
//	latent:  z = mu + exp(logVar/2) ⊙ eps,  eps ~ N(0, I)
//	decoder: z (B, Z) → fc3 → ReLU → h3 (B, 7·7·C2) → deconv1 4×4/2 → ReLU → h4 (B, 14·14·C1)
//	                  → deconv2 4×4/2 → logits (B, 28·28·1)
//
// Images are stored channels-last (vae.Conv2D): a row of 7·7·C2 numbers
// is both the convolution's image and the Linear layer's vector, so
// flattening and unflattening cost nothing. Every 4×4 window with stride 2
// and padding 1 halves (or, transposed, doubles) the side exactly. Shapes
// use the letters of package vae (B batch, Z latent) and C1, C2 for the
// channels of the two image layers.
package convvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets).
type Config struct {
	Latent  int `json:"latent"` // Z, the code's dimensions [20, as the MLP VAE's]
	C1      int `json:"c1"`     // channels of the 14×14 layers [16]
	C2      int `json:"c2"`     // channels of the 7×7 layers [32]
	Threads int `json:"-"`      // matmul threads [GOMAXPROCS]; no effect on results' meaning
}

func (c Config) withDefaults() Config {
	for _, f := range []struct {
		v   *int
		def int
	}{{&c.Latent, 20}, {&c.C1, 16}, {&c.C2, 32}} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	return c
}

// Validate returns an error if a size is negative.
func (c Config) Validate() error {
	if c.Latent < 0 || c.C1 < 0 || c.C2 < 0 || c.Threads < 0 {
		return fmt.Errorf("convvae: config %+v: sizes must be positive (0 means the default)", c)
	}
	return nil
}

// Side is the side of the images the model reads and writes (MNIST's 28).
const Side = 28

// Model is a convolutional VAE. Its parameters and gradients are one
// vae.Block (m.Params, m.Grads, m.ZeroGrad), as vae.Model's are, holding
// the layers below in this order.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config     Config // with defaults filled in
	*vae.Block        // conv1, conv2, fcMu, fcLogVar, fc3, deconv1, deconv2

	Conv1, Conv2     *vae.Conv2D
	FcMu, FcLogVar   *vae.Linear
	Fc3              *vae.Linear
	Deconv1, Deconv2 *vae.ConvTranspose2D

	acts activations
}

// New returns a Model with config c (defaults filled in), its weights
// drawn as PyTorch draws them (vae.NewBlockOf) from a generator seeded
// with seed.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	const half, quarter = Side / 2, Side / 4
	m := &Model{
		Config:   c,
		Conv1:    &vae.Conv2D{Name: "conv1", InH: Side, InW: Side, InC: 1, OutC: c.C1, K: 4, Stride: 2, Pad: 1},
		Conv2:    &vae.Conv2D{Name: "conv2", InH: half, InW: half, InC: c.C1, OutC: c.C2, K: 4, Stride: 2, Pad: 1},
		FcMu:     &vae.Linear{Name: "fcMu", In: quarter * quarter * c.C2, Out: c.Latent},
		FcLogVar: &vae.Linear{Name: "fcLogVar", In: quarter * quarter * c.C2, Out: c.Latent},
		Fc3:      &vae.Linear{Name: "fc3", In: c.Latent, Out: quarter * quarter * c.C2},
		Deconv1:  &vae.ConvTranspose2D{Name: "deconv1", InH: quarter, InW: quarter, InC: c.C2, OutC: c.C1, K: 4, Stride: 2, Pad: 1},
		Deconv2:  &vae.ConvTranspose2D{Name: "deconv2", InH: half, InW: half, InC: c.C1, OutC: 1, K: 4, Stride: 2, Pad: 1},
	}
	m.Block = vae.NewBlockOf(c.Threads, seed, m.Conv1, m.Conv2, m.FcMu, m.FcLogVar, m.Fc3, m.Deconv1, m.Deconv2)
	return m, nil
}

// Weights returns the model's parameter block, for course.Fit's optimizer.
func (m *Model) Weights() *vae.Block { return m.Block }

// String describes the model, e.g. "conv VAE 28×28 → 32 → 64 channels → z 20 (261,205 parameters)".
func (m *Model) String() string {
	c := m.Config
	return fmt.Sprintf("conv VAE %d×%d → %d → %d channels → z %d (%s parameters)", Side, Side, c.C1, c.C2, c.Latent, thousands(len(m.Params)))
}

// thousands writes n with commas, e.g. 261,205.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
