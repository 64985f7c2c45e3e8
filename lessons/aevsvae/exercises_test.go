package aevsvae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// linearForward is a learner's forward pass with each product x[i][k]·W[k][j]
// computed by term and the bias added by bias (nil: none).
func linearForward(term func(x, W [][]float64, i, j, k int) float64, bias func(b []float64, i, j int) float64) func(x, W [][]float64, b []float64) [][]float64 {
	return func(x, W [][]float64, b []float64) [][]float64 {
		y := make([][]float64, len(x))
		for i := range x {
			y[i] = make([]float64, len(b))
			for j := range b {
				if bias != nil {
					y[i][j] = bias(b, i, j)
				}
				for k := range W {
					y[i][j] += term(x, W, i, j, k)
				}
			}
		}
		return y
	}
}

// TestLinearCheck holds the forward check to its verdicts: the right answer
// passes, the stub is TODO, and each mistake a learner might make is WRONG.
func TestLinearCheck(t *testing.T) {
	xw := func(x, W [][]float64, i, j, k int) float64 { return x[i][k] * W[k][j] }
	bj := func(b []float64, i, j int) float64 { return b[j] }
	for _, tc := range []struct {
		name string
		f    func(x, W [][]float64, b []float64) [][]float64
		want exercise.Status
	}{
		{"right", linearForward(xw, bj), exercise.Pass},
		{"stub", func(x, W [][]float64, b []float64) [][]float64 { panic("TODO") }, exercise.Todo},
		{"forgot the bias", linearForward(xw, nil), exercise.Wrong},
		{"W read as (Out, In)", linearForward(func(x, W [][]float64, i, j, k int) float64 { return x[i][j] * W[j][k] }, bj), exercise.Wrong},
		{"bias on the first row only", linearForward(xw, func(b []float64, i, j int) float64 {
			if i == 0 {
				return b[j]
			}
			return 0
		}), exercise.Wrong},
		{"sized by x[0]", func(x, W [][]float64, b []float64) [][]float64 {
			_ = x[0]
			return linearForward(xw, bj)(x, W, b)
		}, exercise.Wrong},
		{"one row only", func(x, W [][]float64, b []float64) [][]float64 {
			return linearForward(xw, bj)(x[:min(len(x), 1)], W, b)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, LinearCheck(tc.f), tc.want)
		})
	}
}

// linearBackward is a learner's backward pass; mistake changes one of its
// steps by name ("" for none).
func linearBackward(mistake string) func(dy, x, W [][]float64) ([][]float64, [][]float64, []float64) {
	return func(dy, x, W [][]float64) ([][]float64, [][]float64, []float64) {
		in, out := len(W), len(W[0])
		dx := make([][]float64, len(dy))
		dW := make([][]float64, in)
		for k := range dW {
			dW[k] = make([]float64, out)
		}
		db := make([]float64, out)
		for i := range dy {
			dx[i] = make([]float64, in)
			for j := range out {
				db[j] += dy[i][j]
				for k := range in {
					dx[i][k] += dy[i][j] * W[k][j]
					switch mistake {
					case "= for +=":
						dW[k][j] = x[i][k] * dy[i][j]
					case "flipped dW":
						dW[k][j] -= x[i][k] * dy[i][j]
					default:
						dW[k][j] += x[i][k] * dy[i][j]
					}
				}
			}
		}
		if mistake == "mean for sum" {
			for j := range db {
				db[j] /= float64(len(dy))
			}
		}
		if mistake == "dW sized by x" && len(x) > 0 {
			dW = dW[:len(x[0])]
		}
		if mistake == "dW sized by x" && len(x) == 0 {
			dW = nil
		}
		return dx, dW, db
	}
}

// TestLinearBackCheck is TestLinearCheck for the backward pass.
func TestLinearBackCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(dy, x, W [][]float64) ([][]float64, [][]float64, []float64)
		want exercise.Status
	}{
		{"right", linearBackward(""), exercise.Pass},
		{"stub", func(dy, x, W [][]float64) ([][]float64, [][]float64, []float64) { panic("TODO") }, exercise.Todo},
		{"= for +=", linearBackward("= for +="), exercise.Wrong},
		{"flipped dW", linearBackward("flipped dW"), exercise.Wrong},
		{"mean for sum", linearBackward("mean for sum"), exercise.Wrong},
		{"dW sized by x", linearBackward("dW sized by x"), exercise.Wrong},
		{"dx = dy·W", func(dy, x, W [][]float64) ([][]float64, [][]float64, []float64) {
			_, dW, db := linearBackward("")(dy, x, W)
			dx := make([][]float64, len(dy))
			for i := range dy {
				dx[i] = make([]float64, len(W))
				for k := range W {
					for j := range dy[i] {
						dx[i][k] += dy[i][j] * W[j][k]
					}
				}
			}
			return dx, dW, db
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, LinearBackCheck(tc.f), tc.want)
		})
	}
}

// TestLinearCasesAreFloat32 checks that the cases start the library and the
// learner from the same numbers, and that the backward case of an empty
// batch wants zero gradients of W's and b's shapes.
func TestLinearCasesAreFloat32(t *testing.T) {
	for _, c := range linearCases() {
		for _, m := range [][][]float64{c.In.x, c.In.W, c.In.dy, {c.In.b}} {
			for _, r := range m {
				for _, v := range r {
					if float64(float32(v)) != v {
						t.Errorf("%s: %v is not a float32", c.Name, v)
					}
				}
			}
		}
	}
	empty := linearCases()[2]
	g := LinearBackCheck(nil).Want(empty.In)
	if len(g.dx) != 0 || len(g.dW) != 3 || len(g.dW[0]) != 2 || len(g.db) != 2 {
		t.Errorf("empty batch: the library gives dx %v, dW %v, db %v; want no rows, 3×2 and 2", g.dx, g.dW, g.db)
	}
}

// bce is a learner's BCE summing term over the pixels.
func bce(term func(x, l float64) float64) func(x, logits []float64) float64 {
	return func(x, logits []float64) float64 {
		var s float64
		for d, l := range logits {
			s += term(x[d], l)
		}
		return s
	}
}

func softplus(l float64) float64 { return max(l, 0) + math.Log1p(math.Exp(-math.Abs(l))) }

func sigma(l float64) float64 { return 1 / (1 + math.Exp(-l)) }

// TestBCECheck holds the BCE check to its verdicts.
func TestBCECheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(x, logits []float64) float64
		want exercise.Status
	}{
		{"right", bce(func(x, l float64) float64 { return softplus(l) - x*l }), exercise.Pass},
		{"right, with log(1+e^−|l|)", bce(func(x, l float64) float64 {
			return max(l, 0) + math.Log(1+math.Exp(-math.Abs(l))) - x*l
		}), exercise.Pass},
		{"stub", func(x, logits []float64) float64 { panic("TODO") }, exercise.Todo},
		{"naive log σ", bce(func(x, l float64) float64 {
			return -(x*math.Log(sigma(l)) + (1-x)*math.Log(1-sigma(l)))
		}), exercise.Wrong},
		{"softplus as log(1 + e^l)", bce(func(x, l float64) float64 { return math.Log(1+math.Exp(l)) - x*l }), exercise.Wrong},
		{"flipped sign", bce(func(x, l float64) float64 { return x*l - softplus(l) }), exercise.Wrong},
		{"no x·l", bce(func(x, l float64) float64 { return softplus(l) }), exercise.Wrong},
		{"mean for sum", func(x, logits []float64) float64 {
			return bce(func(x, l float64) float64 { return softplus(l) - x*l })(x, logits) / float64(max(len(x), 1))
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, BCECheck(tc.f), tc.want)
		})
	}
}

// TestBCEGradCheck is TestBCECheck for the gradient.
func TestBCEGradCheck(t *testing.T) {
	grad := func(g func(x, l float64) float64) func(x, logits []float64) []float64 {
		return func(x, logits []float64) []float64 {
			out := make([]float64, len(logits))
			for d, l := range logits {
				out[d] = g(x[d], l)
			}
			return out
		}
	}
	for _, tc := range []struct {
		name string
		f    func(x, logits []float64) []float64
		want exercise.Status
	}{
		{"right", grad(func(x, l float64) float64 { return sigma(l) - x }), exercise.Pass},
		{"stub", func(x, logits []float64) []float64 { panic("TODO") }, exercise.Todo},
		{"flipped sign", grad(func(x, l float64) float64 { return x - sigma(l) }), exercise.Wrong},
		{"σ' for σ", grad(func(x, l float64) float64 { return sigma(l)*(1-sigma(l)) - x }), exercise.Wrong},
		{"l for σ(l)", grad(func(x, l float64) float64 { return l - x }), exercise.Wrong},
		{"σ as e^l/(1+e^l)", grad(func(x, l float64) float64 { return math.Exp(l)/(1+math.Exp(l)) - x }), exercise.Wrong},
		{"nil", func(x, logits []float64) []float64 { return nil }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, BCEGradCheck(tc.f), tc.want)
		})
	}
}
