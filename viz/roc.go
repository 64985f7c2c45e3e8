package viz

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// ROCCurve is one detector's receiver operating characteristic: the
// false-positive rate (normal inputs flagged) and true-positive rate
// (unusual inputs caught) at each threshold, from (0, 0) to (1, 1), and
// the area under it.
type ROCCurve struct {
	Name     string    // legend entry, e.g. "held-out 7s"; the AUC is appended
	FPR, TPR []float64 // (n) rates in [0, 1], FPR non-decreasing
	AUC      float64   // area under the curve, in [0, 1]
	// Color, if not nil, is the curve's colour, e.g. that of the same
	// inputs' histogram in Overlap; nil picks the next of SeriesColors.
	Color color.Color
}

// ROC draws ROC curves on the unit square, with the diagonal of a
// detector that guesses (AUC 0.5) dashed beneath them, and names each
// curve in the legend with its AUC. It returns an error for no curves, a
// curve with fewer than two points, FPR and TPR of different lengths, a
// rate or AUC outside [0, 1], NaN or Inf, or an FPR that decreases.
func ROC(title string, curves ...ROCCurve) (*plot.Plot, error) {
	cs, err := rocCurves(curves, 0)
	if err != nil {
		return nil, err
	}
	chance, err := chanceLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	p, err := curvesOver(Axes{Title: title, X: "false-positive rate (normal inputs flagged)", Y: "true-positive rate (unusual inputs caught)"},
		[]legendPlotter{{chance, chance, "chance (AUC 0.5)"}}, cs)
	if err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.02
	p.Legend.Top = false // the lower right of an ROC chart is empty
	return p, nil
}

// ROCLogFPR draws ROC curves as ROC does but with the false-positive
// rate on a logarithmic axis from minFPR to 1, which spreads out the
// region of few false alarms where detectors that look alike on the unit
// square differ: a detector that catches 60% at 1% FPR and one that
// catches 20% there have nearly the same AUC. Each curve starts at
// minFPR with its TPR interpolated there; the guessing diagonal,
// TPR = FPR, is drawn as the curve it becomes on a log axis. The legend
// still gives each curve's AUC over the whole range. It returns the
// errors of ROC, and an error for minFPR outside (0, 1).
func ROCLogFPR(title string, minFPR float64, curves ...ROCCurve) (*plot.Plot, error) {
	if !(minFPR > 0 && minFPR < 1) {
		return nil, fmt.Errorf("%w: ROCLogFPR needs 0 < minFPR < 1, got %v", ErrArgument, minFPR)
	}
	cs, err := rocCurves(curves, minFPR)
	if err != nil {
		return nil, err
	}
	var diag plotter.XYs
	for k := 0; k <= 60; k++ {
		v := minFPR * math.Pow(1/minFPR, float64(k)/60)
		diag = append(diag, plotter.XY{X: v, Y: v})
	}
	chance, err := chanceLine(diag)
	if err != nil {
		return nil, err
	}
	p, err := curvesOver(Axes{Title: title, X: "false-positive rate (normal inputs flagged), log scale", Y: "true-positive rate (unusual inputs caught)", LogX: true},
		[]legendPlotter{{chance, chance, "chance (AUC 0.5)"}}, cs)
	if err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = minFPR, 1, 0, 1.02
	p.Legend.Top = false
	return p, nil
}

// rocCurves checks curves and returns them as Curves named with their
// AUC, each clipped to FPR ≥ minFPR when minFPR > 0.
func rocCurves(curves []ROCCurve, minFPR float64) ([]Curve, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("%w: no ROC curves", ErrEmpty)
	}
	cs := make([]Curve, len(curves))
	for i, r := range curves {
		if err := checkROC(i, r); err != nil {
			return nil, err
		}
		x, y := r.FPR, r.TPR
		if minFPR > 0 {
			x, y = clipROC(x, y, minFPR)
		}
		cs[i] = Curve{Name: fmt.Sprintf("%s (AUC %.3f)", r.Name, r.AUC), X: x, Y: y, Color: r.Color}
	}
	return cs, nil
}

// chanceLine is the dashed line of a guessing detector, TPR = FPR, through
// the points xys.
func chanceLine(xys plotter.XYs) (*plotter.Line, error) {
	chance, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	chance.Color, chance.Width = ReferenceColor, vg.Points(1)
	chance.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return chance, nil
}

// clipROC returns the points of a valid ROC curve with FPR ≥ minFPR,
// starting at minFPR with the TPR interpolated linearly there.
func clipROC(fpr, tpr []float64, minFPR float64) (x, y []float64) {
	x, y = []float64{minFPR}, []float64{tpr[0]}
	for k := range fpr {
		if fpr[k] < minFPR {
			y[0] = tpr[k]
			continue
		}
		if k > 0 && fpr[k-1] < minFPR && fpr[k] > fpr[k-1] {
			f := (minFPR - fpr[k-1]) / (fpr[k] - fpr[k-1])
			y[0] = tpr[k-1] + f*(tpr[k]-tpr[k-1])
		}
		x, y = append(x, fpr[k]), append(y, tpr[k])
	}
	return x, y
}

// checkROC validates curve i.
func checkROC(i int, r ROCCurve) error {
	what := fmt.Sprintf("ROC curve %d (%q)", i, r.Name)
	if len(r.FPR) != len(r.TPR) {
		return fmt.Errorf("%w: %s has %d FPR and %d TPR values", ErrLength, what, len(r.FPR), len(r.TPR))
	}
	if len(r.FPR) < 2 {
		return fmt.Errorf("%w: %s has %d points, need at least 2", ErrEmpty, what, len(r.FPR))
	}
	if err := checkValues(what+" FPR", r.FPR); err != nil {
		return err
	}
	if err := checkValues(what+" TPR", r.TPR); err != nil {
		return err
	}
	if !finite(r.AUC) || r.AUC < 0 || r.AUC > 1 {
		return fmt.Errorf("%w: %s has AUC %v, outside [0, 1]", ErrArgument, what, r.AUC)
	}
	for k := range r.FPR {
		if r.FPR[k] < 0 || r.FPR[k] > 1 || r.TPR[k] < 0 || r.TPR[k] > 1 {
			return fmt.Errorf("%w: %s point %d (%v, %v) is outside the unit square", ErrArgument, what, k, r.FPR[k], r.TPR[k])
		}
		if k > 0 && r.FPR[k] < r.FPR[k-1] {
			return fmt.Errorf("%w: %s FPR decreases at point %d", ErrArgument, what, k)
		}
	}
	return nil
}
