package iwae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Model is a VAE trained on the k-sample bound. Its parameters and
// gradients are a vae.Block (m.Params, m.Grads, m.ZeroGrad, m.Layers), in
// the order enc1…encL, fcMu, fcLogVar, dec1…decL, fcOut: with one hidden
// layer, the order and shapes of vae.Model's fc1, fcMu, fcLogVar, fc3,
// fc4, so the same numbers make a vae.Model (Model.VAE).
//
// A Model is not safe for concurrent use.
type Model struct {
	Config     Config // with defaults filled in
	*vae.Block        // all weights and biases, layer after layer

	Enc            []*vae.Linear // encoder's hidden layers, input first
	FcMu, FcLogVar *vae.Linear
	Dec            []*vae.Linear // decoder's hidden layers, z first
	FcOut          *vae.Linear   // to the logits

	acts activations
}

// New returns a Model with config c (defaults filled in) and weights drawn
// as vae.New draws them (vae.NewBlock: uniform in ±1/√In, as PyTorch's
// nn.Linear) from a generator seeded with seed.
func New(c Config, seed uint64) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	L := len(c.Hidden)
	var sizes []vae.LayerSize
	in := c.Input
	for i, h := range c.Hidden {
		sizes = append(sizes, vae.LayerSize{Name: fmt.Sprintf("enc%d", i+1), In: in, Out: h})
		in = h
	}
	sizes = append(sizes, vae.LayerSize{Name: "fcMu", In: in, Out: c.Latent}, vae.LayerSize{Name: "fcLogVar", In: in, Out: c.Latent})
	in = c.Latent
	for i := range L {
		h := c.Hidden[L-1-i]
		sizes = append(sizes, vae.LayerSize{Name: fmt.Sprintf("dec%d", i+1), In: in, Out: h})
		in = h
	}
	sizes = append(sizes, vae.LayerSize{Name: "fcOut", In: in, Out: c.Input})
	m := &Model{Config: c, Block: vae.NewBlock(c.Threads, seed, sizes...)}
	ls := m.Layers()
	m.Enc, m.FcMu, m.FcLogVar = ls[:L], ls[L], ls[L+1]
	m.Dec, m.FcOut = ls[L+2:2*L+2], ls[2*L+2]
	return m, nil
}

// String describes the model, e.g. "IWAE 784-400-40 relu".
func (m *Model) String() string { return "IWAE " + m.Config.String() }

// VAE returns a vae.Model holding a copy of m's parameters, for the
// library's functions (Encode, Decode, likelihood.LogWeights): the same
// network, since the architectures and the parameter order agree. Only a
// one-hidden-layer ReLU model has a vae.Model twin; any other gives an
// error. Close the result when done.
func (m *Model) VAE() (*vae.Model, error) {
	c := m.Config
	if len(c.Hidden) != 1 || c.Activation != "relu" {
		return nil, fmt.Errorf("iwae: %v has no vae.Model twin: vae.Model has one ReLU hidden layer", m)
	}
	v, err := vae.New(vae.Config{Kind: vae.VAE, Input: c.Input, Hidden: c.Hidden[0], Latent: c.Latent, Threads: c.Threads}, 1)
	if err != nil {
		return nil, fmt.Errorf("iwae: %w", err)
	}
	if len(v.Params) != len(m.Params) {
		v.Close()
		panic(fmt.Sprintf("iwae: %v has %d parameters but its vae.Model twin %d", m, len(m.Params), len(v.Params)))
	}
	copy(v.Params, m.Params)
	return v, nil
}

// mustShape panics unless m is rows×cols, naming what the matrix is.
func mustShape(what string, m vae.Mat, rows, cols int) {
	if m.Rows != rows || m.Cols != cols || len(m.Data) < rows*cols {
		panic(fmt.Sprintf("iwae: %s is %dx%d (len %d), want %dx%d", what, m.Rows, m.Cols, len(m.Data), rows, cols))
	}
}
