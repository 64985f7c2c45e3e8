package iwae

import (
	"math"

	"github.com/vaelab/govae/vae"
)

// TanhForward sets y = tanh(x) element-wise, the hidden activation of
// Burda et al.'s two-layer models. y and x may be the same matrix.
func TanhForward(y, x vae.Mat) {
	mustShape("TanhForward output y", y, x.Rows, x.Cols)
	for i, v := range x.Data[:x.Rows*x.Cols] {
		y.Data[i] = float32(math.Tanh(float64(v)))
	}
}

// TanhBackward sets dx = dy ⊙ (1 − y²), where y is TanhForward's output:
// tanh' = 1 − tanh², so the output is all the backward pass needs. dx and
// dy may be the same matrix.
func TanhBackward(dx, dy, y vae.Mat) {
	mustShape("TanhBackward gradient dy", dy, y.Rows, y.Cols)
	mustShape("TanhBackward gradient dx", dx, y.Rows, y.Cols)
	for i, v := range y.Data[:y.Rows*y.Cols] {
		dx.Data[i] = dy.Data[i] * (1 - v*v)
	}
}

// actForward applies the model's hidden activation to h in place.
func (m *Model) actForward(h vae.Mat) {
	if m.Config.Activation == "tanh" {
		TanhForward(h, h)
	} else {
		vae.ReLUForward(h, h)
	}
}

// actBackward turns dh = ∂L/∂(activation output) into ∂L/∂(its input),
// in place, from the output h.
func (m *Model) actBackward(dh, h vae.Mat) {
	if m.Config.Activation == "tanh" {
		TanhBackward(dh, dh, h)
	} else {
		vae.ReLUBackward(dh, dh, h)
	}
}
