package vae

import (
	"math"
	"strings"
	"testing"
)

// A Table's values are drawn in ±Bound from the block's generator, after
// the layers before it and before those after it, and need no bias.
func TestTableInABlock(t *testing.T) {
	fc := &Linear{Name: "fc", In: 3, Out: 2}
	book := &Table{Name: "codebook", Rows: 4, Cols: 3, Bound: 0.125}
	zero := &Table{Name: "zeros", Rows: 2, Cols: 2}
	blk := NewBlockOf(1, 5, fc, book, zero)
	defer blk.Close()
	if want := 3*2 + 2 + 4*3 + 2*2; len(blk.Params) != want {
		t.Fatalf("%d parameters, want %d", len(blk.Params), want)
	}
	for i, v := range book.W {
		if math.Abs(float64(v)) > 0.125 || v == 0 {
			t.Errorf("codebook value %d is %g, want within ±0.125 and drawn", i, v)
		}
	}
	for _, v := range zero.W {
		if v != 0 {
			t.Errorf("a table of bound 0 holds %g", v)
		}
	}
	book.GradRow(2)[1] = 7
	if blk.Grads[8+2*3+1] != 7 || &book.Row(3)[0] != &blk.Params[8+9] {
		t.Error("a table's rows are not views into the block")
	}
	// The Linear layer before it keeps the weights NewBlock gives it.
	alone := NewBlock(1, 5, LayerSize{"fc", 3, 2})
	defer alone.Close()
	for i := range alone.Params {
		if alone.Params[i] != blk.Params[i] {
			t.Fatalf("fc's parameter %d is %g beside a table, %g alone", i, blk.Params[i], alone.Params[i])
		}
	}
	func() {
		defer func() {
			if msg, _ := recover().(string); !strings.Contains(msg, "bad Table(1×1): its initial values are drawn in ±-1; the bound must be finite and ≥ 0") {
				t.Errorf("a negative bound: panic %q", msg)
			}
		}()
		NewBlockOf(1, 1, &Table{Name: "bad", Rows: 1, Cols: 1, Bound: -1})
	}()
}
