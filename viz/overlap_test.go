package viz

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestOverlap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	normal, unusual := make([]float64, 2000), make([]float64, 500)
	for i := range normal {
		normal[i] = 100 + 20*r.NormFloat64()
	}
	for i := range unusual {
		unusual[i] = 2000 + 300*r.NormFloat64()
	}
	narrow := make([]float64, 500) // one tall bar at the right, under the legend
	for i := range narrow {
		narrow[i] = 5000 + 100*r.NormFloat64()
	}
	for _, tc := range []struct {
		name    string
		a       Axes
		samples []Sample
		err     error
	}{
		{"linear", Axes{Title: "scores", X: "score"}, []Sample{{"normal", normal}, {"unusual", unusual[:100]}}, nil},
		{"log", Axes{Title: "scores", X: "score", LogX: true}, []Sample{{"normal", normal}, {"unusual", unusual}}, nil},
		{"four, tallest at the right", Axes{Title: "scores", X: "score", LogX: true},
			[]Sample{{"normal", normal}, {"unusual", unusual}, {"few", unusual[:50]}, {"narrow", narrow}}, nil},
		{"one value", Axes{}, []Sample{{"same", []float64{3, 3, 3}}}, nil},
		{"none", Axes{}, nil, ErrEmpty},
		{"empty", Axes{}, []Sample{{"a", normal}, {"b", nil}}, ErrEmpty},
		{"NaN", Axes{}, []Sample{{"a", []float64{1, math.NaN()}}}, ErrNotFinite},
		{"log of 0", Axes{LogX: true}, []Sample{{"a", []float64{1, 0}}}, ErrLogScale},
	} {
		p, err := Overlap(tc.a, 30, tc.samples...)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		// Each histogram's bars are fractions of its sample: they sum to 1,
		// and the bins cover the values.
		hists, _ := overlapHists(tc.a.LogX, 30, tc.samples)
		if len(hists) != len(tc.samples) {
			t.Errorf("%s: %d histograms, want %d", tc.name, len(hists), len(tc.samples))
		}
		for i, h := range hists {
			var sum float64
			for _, b := range h.Bins {
				sum += b.Weight
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("%s: histogram %d sums to %v, want 1", tc.name, i, sum)
			}
			first, last := h.Bins[0].Min, h.Bins[len(h.Bins)-1].Max
			for _, v := range tc.samples[i].Values {
				if v < first*(1-1e-12) || v > last*(1+1e-12) {
					t.Errorf("%s: value %v outside the bins [%v, %v]", tc.name, v, first, last)
				}
			}
		}
		// At the default size every bar ends below the legend.
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: DefaultWidth, Y: DefaultHeight}}}
		data := p.DataCanvas(c)
		_, y := p.Transforms(&data)
		legend := p.Legend.Rectangle(data)
		for i, h := range hists {
			for _, b := range h.Bins {
				if y(b.Weight) >= legend.Min.Y {
					t.Errorf("%s: bar of histogram %d at height %.3f reaches the legend (y %.1f ≥ %.1f)", tc.name, i, b.Weight, y(b.Weight), legend.Min.Y)
				}
			}
		}
		if _, err := PNG(p, 0, 0); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		saveForLook(t, p, "overlap_"+strings.ReplaceAll(tc.name, " ", "_"))
	}
}
