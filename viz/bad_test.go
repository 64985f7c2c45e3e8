package viz

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// TestBadInput checks that bad data comes back as an error wrapping the
// right sentinel, never as a panic.
func TestBadInput(t *testing.T) {
	digit := make([]float32, 28*28)
	pts2 := [][]float64{{0, 0}, {1, 1}, {2, 0}}
	nan := float32(math.NaN())
	tests := []struct {
		name string
		want error
		f    func() error
	}{
		{"cloud: labels shorter than points", ErrLength, func() error {
			_, err := NewCloud("x", pts2, []int{1, 2})
			return err
		}},
		{"cloud: nil labels", ErrLength, func() error {
			_, err := NewCloud("x", pts2, nil)
			return err
		}},
		{"cloud: no points", ErrEmpty, func() error {
			_, err := NewCloud("x", [][]float32{}, []int{})
			return err
		}},
		{"cloud: zero-width points", ErrEmpty, func() error {
			_, err := NewCloud("x", [][]float32{{}, {}}, []int{0, 1})
			return err
		}},
		{"cloud: ragged points", ErrLength, func() error {
			_, err := NewCloud("x", [][]float64{{0, 0}, {1}}, []int{0, 1})
			return err
		}},
		{"cloud: NaN", ErrNotFinite, func() error {
			_, err := NewCloud("x", [][]float32{{0, nan}}, []int{0})
			return err
		}},
		{"cloud: 1-D latent", ErrArgument, func() error {
			_, err := NewCloud("x", [][]float32{{0}, {1}}, []int{0, 1})
			return err
		}},
		{"cloud: negative label", ErrArgument, func() error {
			_, err := NewCloud("x", pts2, []int{0, -1, 2})
			return err
		}},
		{"clouds: none", ErrEmpty, func() error {
			_, err := LatentClouds("x", true)
			return err
		}},
		{"clouds: hand-made cloud with missing labels", ErrLength, func() error {
			_, err := LatentClouds("x", false, &Cloud{XY: plotter.XYs{{X: 1, Y: 2}}, Dim: 2})
			return err
		}},
		{"latent cloud: mismatch", ErrLength, func() error {
			_, err := LatentCloud("x", pts2, []int{1}, false)
			return err
		}},
		{"PCA: 1-D", ErrArgument, func() error {
			_, _, err := PCA2([][]float64{{1}, {2}})
			return err
		}},
		{"grid: no rows", ErrEmpty, func() error {
			_, err := NewImageGrid("x")
			return err
		}},
		{"grid: empty row", ErrEmpty, func() error {
			_, err := NewImageGrid("x", ImageRow{Label: "a"})
			return err
		}},
		{"grid: image not square", ErrNotSquare, func() error {
			_, err := NewImageGrid("x", ImageRow{Images: [][]float32{make([]float32, 28*27)}})
			return err
		}},
		{"grid: empty image", ErrEmpty, func() error {
			_, err := NewImageGrid("x", ImageRow{Images: [][]float32{{}}})
			return err
		}},
		{"grid: images of two sizes", ErrLength, func() error {
			_, err := NewImageGrid("x", ImageRow{Images: [][]float32{digit, make([]float32, 16)}})
			return err
		}},
		{"grid: NaN pixel", ErrNotFinite, func() error {
			_, err := NewImageGrid("x", ImageRow{Images: [][]float32{{0, 1, nan, 0}}})
			return err
		}},
		{"samples: none", ErrEmpty, func() error {
			_, err := Samples("x", nil, 10)
			return err
		}},
		{"samples: not square", ErrNotSquare, func() error {
			_, err := Samples("x", [][]float32{make([]float32, 10)}, 10)
			return err
		}},
		{"reconstructions: lengths differ", ErrLength, func() error {
			_, err := Reconstructions("x", [][]float32{digit, digit}, [][]float32{digit}, 10)
			return err
		}},
		{"reconstructions: none", ErrEmpty, func() error {
			_, err := Reconstructions("x", nil, nil, 10)
			return err
		}},
		{"interpolations: rows of different lengths", ErrLength, func() error {
			_, err := Interpolations("x", ImageRow{Images: [][]float32{digit, digit}}, ImageRow{Images: [][]float32{digit}})
			return err
		}},
		{"interpolations: one step", ErrArgument, func() error {
			_, err := Interpolations("x", ImageRow{Images: [][]float32{digit}})
			return err
		}},
		{"interpolations: none", ErrEmpty, func() error {
			_, err := Interpolations("x")
			return err
		}},
		{"manifold: n = 1", ErrArgument, func() error {
			_, err := Manifold("x", 1, func(z []float32) []float32 { return digit })
			return err
		}},
		{"manifold: nil decoder", ErrArgument, func() error {
			_, err := Manifold("x", 5, nil)
			return err
		}},
		{"manifold: decoder returns non-square images", ErrNotSquare, func() error {
			_, err := Manifold("x", 3, func(z []float32) []float32 { return make([]float32, 5) })
			return err
		}},
		{"curves: none", ErrEmpty, func() error {
			_, err := Curves(Axes{})
			return err
		}},
		{"curves: empty curve", ErrEmpty, func() error {
			_, err := Curves(Axes{}, Curve{Name: "a"})
			return err
		}},
		{"curves: X and Y lengths differ", ErrLength, func() error {
			_, err := Curves(Axes{}, Curve{X: []float64{1, 2}, Y: []float64{1, 2, 3}})
			return err
		}},
		{"curves: Inf", ErrNotFinite, func() error {
			_, err := Curves(Axes{}, Curve{Y: []float64{1, math.Inf(1)}})
			return err
		}},
		{"curves: zero on a log axis", ErrLogScale, func() error {
			_, err := Curves(Axes{LogY: true}, Curve{Y: []float64{1, 0}})
			return err
		}},
		{"curves: negative X on a log axis", ErrLogScale, func() error {
			_, err := Curves(Axes{LogX: true}, Curve{X: []float64{-1, 1}, Y: []float64{1, 2}})
			return err
		}},
		{"training: nothing recorded", ErrEmpty, func() error {
			_, err := Training("x", History{}, false)
			return err
		}},
		{"training: X shorter than losses", ErrLength, func() error {
			_, err := Training("x", History{X: []float64{1}, Train: Terms{Loss: []float64{3, 2}}}, false)
			return err
		}},
		{"training: negative loss on log scale", ErrLogScale, func() error {
			_, err := Training("x", History{Train: Terms{Loss: []float64{3, -2}}}, true)
			return err
		}},
		{"histogram: no samples", ErrEmpty, func() error {
			_, err := Histogram(Axes{}, nil, 10)
			return err
		}},
		{"histogram: NaN sample", ErrNotFinite, func() error {
			_, err := Histogram(Axes{}, []float64{1, math.NaN()}, 10)
			return err
		}},
		{"histogram: density without function", ErrArgument, func() error {
			_, err := Histogram(Axes{}, []float64{1, 2}, 10, Density{Name: "p"})
			return err
		}},
		{"KL bars: none", ErrEmpty, func() error {
			_, err := KLBars("x", nil, 0.01)
			return err
		}},
		{"KL bars: negative", ErrArgument, func() error {
			_, err := KLBars("x", []float64{1, -0.5}, 0.01)
			return err
		}},
		{"estimator variance: zero variance", ErrLogScale, func() error {
			_, err := EstimatorVariance("x", Curve{X: []float64{1, 2}, Y: []float64{1, 0}})
			return err
		}},
		{"estimator variance: none", ErrEmpty, func() error {
			_, err := EstimatorVariance("x")
			return err
		}},
		{"render: negative size", ErrArgument, func() error {
			_, err := PNG(NewPanels("x"), -1, 10)
			return err
		}},
		{"render: nil chart", ErrArgument, func() error {
			_, err := SVG(nil, 0, 0)
			return err
		}},
		{"save: unknown format", ErrArgument, func() error {
			return Save(NewPanels("x"), 0, 0, t.TempDir()+"/chart.gif")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f()
			if !errors.Is(err, tc.want) {
				t.Errorf("got error %v, want one wrapping %v", err, tc.want)
			}
		})
	}
}

// TestDegenerateData checks that data that is odd but valid still draws:
// a constant histogram, identical latent points, a single curve point.
func TestDegenerateData(t *testing.T) {
	build := map[string]func() (Drawer, error){
		"constant samples": func() (Drawer, error) { return Histogram(Axes{}, []float64{2, 2, 2}, 5) },
		"identical points": func() (Drawer, error) {
			return LatentCloud("x", [][]float64{{1, 1, 1}, {1, 1, 1}}, []int{3, 4}, false)
		},
		"one point":   func() (Drawer, error) { return Curves(Axes{LogY: true}, Curve{Y: []float64{3}}) },
		"all-zero KL": func() (Drawer, error) { return KLBars("x", []float64{0, 0}, 0.01) },
		"label 12":    func() (Drawer, error) { return LatentCloud("x", [][]float64{{1, 0}, {0, 1}}, []int{12, 2}, true) },
	}
	for name, f := range build {
		t.Run(name, func(t *testing.T) {
			d, err := f()
			if err != nil {
				t.Fatalf("building: %v", err)
			}
			if _, err := PNG(d, 0, 0); err != nil {
				t.Fatalf("PNG: %v", err)
			}
		})
	}
}
