// Package explorer is the code of notebook 09, "Latent explorer": sliders
// that move a point through a VAE's latent space, along its two axes or
// along the main directions of its codes, and the digit the decoder draws
// there, redrawn as the sliders move.
package explorer

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Ticks is the number of slider positions on each side of 0: a slider
// is an integer in [−Ticks, Ticks] (GoNB sliders are integers), which
// Value maps to [−Range, Range].
const Ticks = 60

// Axis is one slider's direction in latent space.
type Axis struct {
	Name string    // shown beside the slider, e.g. "z₁" or "PC 1"
	Dir  []float32 // (Z) the latent step for one unit of slider value
}

// Explorer maps slider positions to a latent point,
//
//	z = Origin + Σ_k Value(pos_k) · Axes[k].Dir,
//
// and decodes it. Its fields may be changed before use.
type Explorer struct {
	Model  *vae.Model
	Origin []float32 // (Z) the point with every slider at 0
	Axes   []Axis
	Range  float64 // a slider at either end is ±Range units along its axis
}

// Plane returns the explorer of a VAE with a 2-D latent space (notebook
// 09 §2): its origin is the prior's mean 0 and its sliders move z₁ and
// z₂ directly, each over ±3, where N(0, 1) has 99.7% of its mass. It
// returns an error if m's latent space is not 2-D.
func Plane(m *vae.Model) (*Explorer, error) {
	if m.Config.Latent != 2 {
		return nil, fmt.Errorf("explorer: Plane needs a VAE with a 2-D latent space, got %d dimensions: use Principal", m.Config.Latent)
	}
	return &Explorer{
		Model:  m,
		Origin: []float32{0, 0},
		Axes:   []Axis{{Name: "z₁", Dir: []float32{1, 0}}, {Name: "z₂", Dir: []float32{0, 1}}},
		Range:  3,
	}, nil
}

// Value is the slider value, in units of its axis, at position pos:
// Range·pos/Ticks.
func (e *Explorer) Value(pos int) float64 { return e.Range * float64(pos) / Ticks }

// Z returns the latent point (Z) for the slider positions pos, one per
// axis. It panics if pos does not have one position per axis.
func (e *Explorer) Z(pos []int) []float32 {
	if len(pos) != len(e.Axes) {
		panic(fmt.Sprintf("explorer: %d slider positions for %d axes", len(pos), len(e.Axes)))
	}
	z := append([]float32(nil), e.Origin...)
	for k, a := range e.Axes {
		v := float32(e.Value(pos[k]))
		for j := range z {
			z[j] += v * a.Dir[j]
		}
	}
	return z
}

// Decode returns the decoder's image (D pixel probabilities) at the
// latent point of the slider positions pos.
func (e *Explorer) Decode(pos []int) []float32 {
	z := e.Z(pos)
	return e.Model.Decode(vae.MatFrom(1, len(z), z)).Row(0)
}

// Values returns the slider values, in units of each axis, of the latent
// point z (Z): the inverse of Z when the axes are orthogonal, as those of
// Plane and Principal are,
//
//	v_k = (z − Origin)·d_k / (d_k·d_k),
//
// the projection of z − Origin on axis k, measured in lengths of d_k. The
// values of a code say where the sliders would sit to show it (notebook
// 09 §3). It panics if z does not have Z elements or an axis is zero.
func (e *Explorer) Values(z []float32) []float64 {
	if len(z) != len(e.Origin) {
		panic(fmt.Sprintf("explorer: Values of a %d-D point in a %d-D latent space", len(z), len(e.Origin)))
	}
	v := make([]float64, len(e.Axes))
	for k, a := range e.Axes {
		var num, den float64
		for j, d := range a.Dir {
			num += (float64(z[j]) - float64(e.Origin[j])) * float64(d)
			den += float64(d) * float64(d)
		}
		if den == 0 {
			panic(fmt.Sprintf("explorer: Values: axis %q is zero", a.Name))
		}
		v[k] = num / den
	}
	return v
}
