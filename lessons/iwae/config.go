package iwae

import (
	"fmt"
	"slices"
)

// Config sets the sizes of a Model. A zero field means its default (in
// brackets): the 784-400-40 ReLU MLP of the likelihood table.
type Config struct {
	Input      int    `json:"input"`      // D, pixels [784]
	Hidden     []int  `json:"hidden"`     // widths of the encoder's hidden layers; the decoder's are the same, reversed [400]
	Latent     int    `json:"latent"`     // Z [40]
	Activation string `json:"activation"` // of every hidden layer: "relu" or "tanh" ["relu"]
	Threads    int    `json:"-"`          // matmul threads [GOMAXPROCS]; no effect on what the model is
}

// withDefaults returns c with zero fields replaced by their defaults.
func (c Config) withDefaults() Config {
	if c.Input == 0 {
		c.Input = 784
	}
	if len(c.Hidden) == 0 {
		c.Hidden = []int{400}
	} else {
		c.Hidden = slices.Clone(c.Hidden)
	}
	if c.Latent == 0 {
		c.Latent = 40
	}
	if c.Activation == "" {
		c.Activation = "relu"
	}
	return c
}

// Validate returns an error naming the setting that cannot make a model,
// and what to use instead.
func (c Config) Validate() error {
	switch {
	case c.Input < 0 || c.Latent < 0:
		return fmt.Errorf("iwae: config: input %d and latent %d must be positive (0 means the default, 784 and 40)", c.Input, c.Latent)
	case c.Activation != "" && c.Activation != "relu" && c.Activation != "tanh":
		return fmt.Errorf("iwae: config: activation %q: use relu or tanh", c.Activation)
	case c.Threads < 0:
		return fmt.Errorf("iwae: config: threads %d: use 0 for one per core, or a positive count", c.Threads)
	}
	for i, h := range c.Hidden {
		if h <= 0 {
			return fmt.Errorf("iwae: config: hidden layer %d has %d units: every hidden layer needs at least 1 (400 is usual)", i+1, h)
		}
	}
	return nil
}

// String is the architecture, e.g. "784-400-40 relu".
func (c Config) String() string {
	c = c.withDefaults()
	s := fmt.Sprint(c.Input)
	for _, h := range c.Hidden {
		s += fmt.Sprintf("-%d", h)
	}
	return fmt.Sprintf("%s-%d %s", s, c.Latent, c.Activation)
}
