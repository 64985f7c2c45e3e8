package viz

import (
	"errors"
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
