// Package vqvae is the code of notebook 11, "Discrete codes: the VQ-VAE"
// (van den Oord, Vinyals & Kavukcuoglu, "Neural discrete representation
// learning", 2017): the convolutional encoder and decoder of notebook 10
// with a codebook between them. The encoder writes a 7×7 grid of
// D-dimensional vectors; each is replaced by its nearest of K code
// vectors, so a digit becomes 49 numbers in 0 … K−1, and the decoder
// paints the digit back from those.
//
//	encoder:  x (B, 28·28) → conv1 4×4/2 → ReLU → h1 (B, 14·14·C1) → conv2 4×4/2 → ze (B, 7·7·D)
//	quantize: each of the B·49 vectors of ze → its nearest code e_c, c ∈ 0 … K−1 → zq (B, 7·7·D)
//	decoder:  zq → deconv1 4×4/2 → ReLU → h3 (B, 14·14·C1) → deconv2 4×4/2 → logits (B, 28·28)
//
// Nearest-neighbour quantization has no gradient; the straight-through
// estimator copies the decoder's gradient at zq to ze, the codebook term
// ‖sg(ze) − e‖² pulls each used code towards the vectors it stands for,
// and the commitment term β‖ze − sg(e)‖² keeps the encoder near its codes
// (sg: a value the gradient does not flow through). A code no vector
// chooses gets no gradient and stays dead; Config.Restart moves such codes
// onto encoder outputs (Model.AfterStep).
//
// Shapes use the letters of package vae (B batch) and K codes, D the
// dimension of a code, C1 the channels of the 14×14 layers, P = 49 the
// positions of the grid.
package vqvae

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets).
type Config struct {
	Codes   int     `json:"codes"`   // K, the codebook's size [32]
	Dim     int     `json:"dim"`     // D, the dimension of a code [8]
	C1      int     `json:"c1"`      // channels of the 14×14 layers [16]
	Beta    float64 `json:"beta"`    // β, the commitment term's weight [0.25, the paper's]
	Restart bool    `json:"restart"` // move dead codes onto encoder outputs (AfterStep)
	Threads int     `json:"-"`       // matmul threads [GOMAXPROCS]; no effect on results' meaning
}

func (c Config) withDefaults() Config {
	for _, f := range []struct {
		v   *int
		def int
	}{{&c.Codes, 32}, {&c.Dim, 8}, {&c.C1, 16}} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	if c.Beta == 0 {
		c.Beta = 0.25
	}
	return c
}

// Validate returns an error if a size or β is negative.
func (c Config) Validate() error {
	if c.Codes < 0 || c.Dim < 0 || c.C1 < 0 || c.Threads < 0 || c.Beta < 0 {
		return fmt.Errorf("vqvae: config %+v: sizes and β must be positive (0 means the default)", c)
	}
	return nil
}

// Side is the side of the images (MNIST's 28), Grid the side of the code
// grid (28 halved twice), Positions the codes of one digit.
const (
	Side      = 28
	Grid      = Side / 4
	Positions = Grid * Grid
)

// RestartEvery is how many training steps a code may go unchosen before
// AfterStep moves it (with Config.Restart).
const RestartEvery = 100

// Model is a VQ-VAE. Its parameters and gradients are one vae.Block,
// holding conv1, conv2, the codebook (a vae.Table of K rows of D), deconv1
// and deconv2 in this order.
//
// A Model is not safe for concurrent use.
type Model struct {
	Config Config // with defaults filled in
	*vae.Block

	Conv1, Conv2     *vae.Conv2D
	Codebook         *vae.Table // (K, D): row c is code e_c
	Deconv1, Deconv2 *vae.ConvTranspose2D

	acts  activations
	usage usage // codes chosen in training, for AfterStep and Usage
}

// New returns a Model with config c (defaults filled in), its weights
// drawn by vae.NewBlockOf from a generator seeded with seed; the codebook
// starts uniform in ±1/K, as in the paper's code.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	const half = Side / 2
	m := &Model{
		Config:   c,
		Conv1:    &vae.Conv2D{Name: "conv1", InH: Side, InW: Side, InC: 1, OutC: c.C1, K: 4, Stride: 2, Pad: 1},
		Conv2:    &vae.Conv2D{Name: "conv2", InH: half, InW: half, InC: c.C1, OutC: c.Dim, K: 4, Stride: 2, Pad: 1},
		Codebook: &vae.Table{Name: "codebook", Rows: c.Codes, Cols: c.Dim, Bound: 1 / float64(c.Codes)},
		Deconv1:  &vae.ConvTranspose2D{Name: "deconv1", InH: Grid, InW: Grid, InC: c.Dim, OutC: c.C1, K: 4, Stride: 2, Pad: 1},
		Deconv2:  &vae.ConvTranspose2D{Name: "deconv2", InH: half, InW: half, InC: c.C1, OutC: 1, K: 4, Stride: 2, Pad: 1},
	}
	m.Block = vae.NewBlockOf(c.Threads, seed, m.Conv1, m.Conv2, m.Codebook, m.Deconv1, m.Deconv2)
	m.usage = newUsage(c.Codes, rand.New(rand.NewPCG(seed, 0xdead)))
	return m, nil
}

// Weights returns the model's parameter block, for course.Fit's optimizer.
func (m *Model) Weights() *vae.Block { return m.Block }

// String describes the model, e.g. "VQ-VAE 7×7 codes of 32 (D = 8, β = 0.25, restarts)".
func (m *Model) String() string {
	c := m.Config
	s := fmt.Sprintf("VQ-VAE %d×%d codes of %d (D = %d, β = %g", Grid, Grid, c.Codes, c.Dim, c.Beta)
	if c.Restart {
		s += ", dead codes restarted"
	}
	return s + ")"
}
