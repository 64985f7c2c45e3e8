package nb

import (
	"errors"
	"testing"

	"github.com/vaelab/govae/viz"
)

// Outside a notebook the functions render but display nothing.
func TestShowOutsideNotebook(t *testing.T) {
	t.Setenv("GONB_PIPE", "")
	p, err := viz.KLBars("KL per dimension", []float64{1, 0.5, 0.001}, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if err := Show(p); err != nil {
		t.Errorf("Show: %v", err)
	}
	if err := ShowSVG(p); err != nil {
		t.Errorf("ShowSVG: %v", err)
	}
	if err := Display(viz.KLBars("KL", []float64{1}, 0)); err != nil {
		t.Errorf("Display: %v", err)
	}
}

// Display passes a constructor's error on instead of drawing.
func TestDisplayError(t *testing.T) {
	err := Display(viz.Samples("x", [][]float32{make([]float32, 10)}, 10))
	if !errors.Is(err, viz.ErrNotSquare) {
		t.Errorf("Display returned %v, want viz.ErrNotSquare", err)
	}
	if err := ShowSize(viz.NewPanels("x"), -1, 0); !errors.Is(err, viz.ErrArgument) {
		t.Errorf("ShowSize with a negative width returned %v", err)
	}
}
