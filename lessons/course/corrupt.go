package course

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/vaelab/govae/vae"
)

// Corruption is a way of damaging images that a denoising model learns to
// undo. Its string form, "kind:level", is what a Recipe stores.
type Corruption struct {
	Kind  string  // "mask": each pixel set to 0 with probability Level; "gauss": N(0, Level²) added, clipped to [0, 1]; "saltpepper": each pixel set to 0 or 1 with probability Level
	Level float64 // probability or standard deviation, in [0, 1]
}

// ParseCorruption reads "mask:0.5", "gauss:0.3" or "saltpepper:0.2".
func ParseCorruption(s string) (Corruption, error) {
	kind, level, ok := strings.Cut(s, ":")
	v, err := strconv.ParseFloat(level, 64)
	if !ok || err != nil || !(v >= 0 && v <= 1) {
		return Corruption{}, fmt.Errorf("corruption %q: want kind:level with a level in [0, 1], e.g. mask:0.5", s)
	}
	switch kind {
	case "mask", "gauss", "saltpepper":
		return Corruption{Kind: kind, Level: v}, nil
	}
	return Corruption{}, fmt.Errorf("corruption %q: unknown kind %q: use mask, gauss or saltpepper", s, kind)
}

// String is the form ParseCorruption reads.
func (c Corruption) String() string { return fmt.Sprintf("%s:%g", c.Kind, c.Level) }

// Apply writes a corrupted copy of clean into noisy (same shape), drawing
// from rng. It has the signature of vae.TrainConfig.Corrupt.
func (c Corruption) Apply(noisy, clean vae.Mat, rng *rand.Rand) {
	if noisy.Rows != clean.Rows || noisy.Cols != clean.Cols {
		panic(fmt.Sprintf("course: Corruption.Apply: noisy is %v, clean is %v", noisy, clean))
	}
	p := float32(c.Level)
	for i, v := range clean.Data {
		switch c.Kind {
		case "mask":
			if rng.Float32() < p {
				v = 0
			}
		case "gauss":
			v = min(max(v+float32(rng.NormFloat64()*c.Level), 0), 1)
		case "saltpepper":
			if rng.Float32() < p {
				v = float32(rng.IntN(2))
			}
		default:
			panic(fmt.Sprintf("course: Corruption.Apply: unknown kind %q", c.Kind))
		}
		noisy.Data[i] = v
	}
}

// Without returns the examples of d whose label is none of digits, as a
// new Dataset named after what it leaves out. d must have labels.
func Without(d *vae.Dataset, digits ...uint8) *vae.Dataset {
	if d.Labels == nil {
		panic(fmt.Sprintf("course: Without: data set %q has no labels", d.Name))
	}
	skip := [256]bool{}
	for _, g := range digits {
		skip[g] = true
	}
	out := *d
	out.Name = fmt.Sprintf("%s without %v", d.Name, digits)
	out.Pixels, out.Labels = nil, nil
	for i, l := range d.Labels {
		if !skip[l] {
			out.Pixels = append(out.Pixels, d.Pixels[i*d.Dim:(i+1)*d.Dim]...)
			out.Labels = append(out.Labels, l)
		}
	}
	out.N = len(out.Labels)
	return &out
}
