package viz

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// saveForLook writes d as name.png into $VIZ_OUT, when set, so a person
// can look at the chart.
func saveForLook(t *testing.T, d Drawer, name string) {
	if dir := os.Getenv("VIZ_OUT"); dir != "" {
		if err := Save(d, 0, 0, filepath.Join(dir, name+".png")); err != nil {
			t.Error(err)
		}
	}
}

func TestROC(t *testing.T) {
	good := ROCCurve{Name: "good", FPR: []float64{0, 0.1, 1}, TPR: []float64{0, 0.8, 1}, AUC: 0.85}
	for _, tc := range []struct {
		name   string
		curves []ROCCurve
		err    error
	}{
		{"ok", []ROCCurve{good, {Name: "chance-like", FPR: []float64{0, 0.5, 1}, TPR: []float64{0, 0.5, 1}, AUC: 0.5}}, nil},
		{"none", nil, ErrEmpty},
		{"one point", []ROCCurve{{FPR: []float64{0}, TPR: []float64{0}}}, ErrEmpty},
		{"lengths", []ROCCurve{{FPR: []float64{0, 1}, TPR: []float64{0, 0.5, 1}}}, ErrLength},
		{"NaN", []ROCCurve{{FPR: []float64{0, math.NaN()}, TPR: []float64{0, 1}}}, ErrNotFinite},
		{"outside", []ROCCurve{{FPR: []float64{0, 1.5}, TPR: []float64{0, 1}}}, ErrArgument},
		{"decreasing", []ROCCurve{{FPR: []float64{0, 0.6, 0.4, 1}, TPR: []float64{0, 0.5, 0.6, 1}}}, ErrArgument},
		{"AUC", []ROCCurve{{FPR: []float64{0, 1}, TPR: []float64{0, 1}, AUC: 1.2}}, ErrArgument},
	} {
		p, err := ROC("ROC", tc.curves...)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		if p.X.Min != 0 || p.X.Max != 1 || p.Legend.Top {
			t.Errorf("%s: x axis [%v, %v], legend on top %v; want [0, 1] and the legend at the bottom", tc.name, p.X.Min, p.X.Max, p.Legend.Top)
		}
		if _, err := PNG(p, 0, 0); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		saveForLook(t, p, "roc")
	}
}

// TestROCColor checks that a curve's own colour is used, so an ROC chart
// can match the histograms of the same inputs.
func TestROCColor(t *testing.T) {
	magenta := color.NRGBA{R: 0xff, B: 0xff, A: 0xff} // in no palette
	for _, tc := range []struct {
		name  string
		color color.Color
		want  bool
	}{
		{"own colour", magenta, true},
		{"default", nil, false},
	} {
		p, err := ROC("ROC", ROCCurve{Name: "c", FPR: []float64{0, 0.2, 1}, TPR: []float64{0, 0.9, 1}, AUC: 0.87, Color: tc.color})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := PNG(p, 0, 0)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		im, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		found := false
		for y := im.Bounds().Min.Y; y < im.Bounds().Max.Y && !found; y++ {
			for x := im.Bounds().Min.X; x < im.Bounds().Max.X; x++ {
				if color.NRGBAModel.Convert(im.At(x, y)) == magenta {
					found = true
					break
				}
			}
		}
		if found != tc.want {
			t.Errorf("%s: magenta pixels drawn %v, want %v", tc.name, found, tc.want)
		}
	}
}
