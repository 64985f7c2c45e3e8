package vae

import (
	"fmt"
	"math"
)

// Kind says whether a Model is a plain autoencoder or a variational one.
type Kind int

const (
	// AE is a deterministic autoencoder: z = mu, loss = reconstruction.
	AE Kind = iota
	// VAE samples z = mu + σ⊙eps and adds β·KL(q(z|x) ‖ N(0, I)) to the loss.
	VAE
)

// String returns "ae" or "vae".
func (k Kind) String() string {
	switch k {
	case AE:
		return "ae"
	case VAE:
		return "vae"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "ae":
		return AE, nil
	case "vae":
		return VAE, nil
	}
	return 0, fmt.Errorf("vae: unknown model kind %q: use ae or vae", s)
}

// Config sets a Model's architecture and loss. The zero value of each
// field means its default (shown in brackets).
type Config struct {
	Kind       Kind       // AE or VAE [AE]
	Input      int        // D, data dimension [784]
	Hidden     int        // H, hidden units in encoder and decoder [400]
	Latent     int        // Z, latent dimension [20]
	Likelihood Likelihood // decoder distribution [Bernoulli]
	Sigma      float64    // Gaussian pixel standard deviation s [0.1]
	Beta       float64    // weight of the KL term (VAE only) [1]
	Threads    int        // matmul threads [GOMAXPROCS]
}

// withDefaults returns c with zero fields replaced by their defaults.
func (c Config) withDefaults() Config {
	if c.Input == 0 {
		c.Input = 784
	}
	if c.Hidden == 0 {
		c.Hidden = 400
	}
	if c.Latent == 0 {
		c.Latent = 20
	}
	if c.Sigma == 0 {
		c.Sigma = 0.1
	}
	if c.Beta == 0 {
		c.Beta = 1
	}
	return c
}

// maxThreads bounds Config.Threads: each thread has its own packing space,
// and far more threads than cores only add waiting.
const maxThreads = 1024

// Validate reports, as an error, any setting that cannot make a model,
// saying what to use instead. Zero sizes are not errors: they mean the
// defaults. It also rejects a model whose parameters and gradients would
// not fit in the memory available (see New).
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Kind != AE && c.Kind != VAE:
		return fmt.Errorf("vae: config: kind %v is neither ae nor vae: use AE or VAE", c.Kind)
	case c.Input < 0 || c.Hidden < 0 || c.Latent < 0:
		return fmt.Errorf("vae: config: sizes must be positive (or 0 for the default), got input %d, hidden %d, latent %d", c.Input, c.Hidden, c.Latent)
	case c.Likelihood != Bernoulli && c.Likelihood != Gaussian:
		return fmt.Errorf("vae: config: unknown likelihood %v: use Bernoulli or Gaussian", c.Likelihood)
	case c.Sigma < 0 || !finite(c.Sigma):
		return fmt.Errorf("vae: config: Gaussian sigma must be a positive number, got %g: use e.g. 0.1", c.Sigma)
	case c.Beta < 0 || !finite(c.Beta):
		return fmt.Errorf("vae: config: beta must be a number >= 0, got %g: use e.g. 1", c.Beta)
	case c.Beta > math.MaxFloat32:
		// The KL gradient is scaled by β in float32, where it would be
		// infinite, and every step would fail with a NaN.
		return fmt.Errorf("vae: config: beta %g is beyond float32's range (%.2g), in which the KL gradient is computed: use a beta below it (1 is the plain VAE)", c.Beta, math.MaxFloat32)
	case c.Threads < 0 || c.Threads > maxThreads:
		return fmt.Errorf("vae: config: threads must be in [0, %d], got %d: use 0 for one per core", maxThreads, c.Threads)
	}
	const maxParams = 1 << 30 // 4 GiB of float32 weights, before gradients and Adam
	// Each size is checked alone first so that paramCount cannot overflow.
	if p := max(c.Input, c.Hidden, c.Latent); p > maxParams || paramCount(c) > maxParams {
		return fmt.Errorf("vae: config: input %d, hidden %d, latent %d make more parameters than this library allows (%d): use a smaller hidden size", c.Input, c.Hidden, c.Latent, maxParams)
	}
	what := fmt.Sprintf("vae: config: a %d-%d-%d model's parameters and gradients", c.Input, c.Hidden, c.Latent)
	return checkMemory(modelBytes(c), what, "use a smaller hidden size")
}

// paramCount is the number of float32 parameters of a model with config c.
func paramCount(c Config) int {
	n := 0
	for _, s := range layerSizes(c) {
		n += s.In*s.Out + s.Out
	}
	return n
}

// layerSizes lists the Linear layers in the order they sit in the
// parameter block. Only a VAE has fcLogVar.
func layerSizes(c Config) []LayerSize {
	ls := []LayerSize{
		{"fc1", c.Input, c.Hidden},
		{"fcMu", c.Hidden, c.Latent},
		{"fcLogVar", c.Hidden, c.Latent},
		{"fc3", c.Latent, c.Hidden},
		{"fc4", c.Hidden, c.Input},
	}
	if c.Kind == AE {
		ls = append(ls[:2], ls[3:]...)
	}
	return ls
}
