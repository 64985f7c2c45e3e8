package vae

import (
	"math"

	"github.com/vaelab/govae/vae/vec"
)

// ReLUForward sets y = max(x, 0) element-wise (vec.ReLU; a NaN stays
// NaN). y and x may be the same matrix (in place).
func ReLUForward(y, x Mat) {
	mustShape("ReLUForward output y", y, x.Rows, x.Cols)
	vec.ReLU(y.Data[:len(x.Data)], x.Data)
}

// ReLUBackward sets dx = dy ⊙ [y > 0], where y is ReLUForward's output
// (y > 0 exactly where x > 0). dx and dy may be the same matrix.
func ReLUBackward(dx, dy, y Mat) {
	mustShape("ReLUBackward gradient dy", dy, y.Rows, y.Cols)
	mustShape("ReLUBackward gradient dx", dx, y.Rows, y.Cols)
	n := len(y.Data)
	vec.ReLUBackward(dx.Data[:n], dy.Data[:n], y.Data)
}

// SigmoidForward sets y = σ(x) = 1/(1+e^(−x)) element-wise, in a form that
// never overflows: the decoder's mean image from its logits (Decode).
// Training never differentiates it, since the losses read the logits. y
// and x may be the same matrix.
func SigmoidForward(y, x Mat) {
	mustShape("SigmoidForward output y", y, x.Rows, x.Cols)
	for i, v := range x.Data {
		y.Data[i] = sigmoid(v)
	}
}

// sigmoid is σ(x), computed from e^(−|x|) so that neither branch overflows.
func sigmoid(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + float32(math.Exp(float64(-x))))
	}
	e := float32(math.Exp(float64(x)))
	return e / (1 + e)
}
