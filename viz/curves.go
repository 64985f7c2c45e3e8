package viz

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is one named series of a line chart.
type Curve struct {
	Name   string      // legend entry; empty for none
	X      []float64   // (n) x values (epoch, step, K…); nil means 1, 2, …, n
	Y      []float64   // (n) y values
	Dashed bool        // dashed line, e.g. for test as opposed to train
	Color  color.Color // nil picks the next of SeriesColors
}

// Axes names a chart and its axes and chooses their scales.
type Axes struct {
	Title, X, Y string
	LogX, LogY  bool // logarithmic axes; all values must then be > 0
}

// Curves draws the curves as lines on one plot, with a legend at the top
// right. Curves of at most 30 points also get a dot at each point, so
// per-epoch values read off. It returns an error for no curves, an
// empty curve, X and Y of different lengths, NaN or Inf, or a value ≤ 0
// on a log axis.
func Curves(a Axes, curves ...Curve) (*plot.Plot, error) {
	return curvesOver(a, nil, curves)
}

// curvesOver is Curves with the plotters under drawn first, beneath the
// curves, each with its legend entry.
func curvesOver(a Axes, under []legendPlotter, curves []Curve) (*plot.Plot, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("%w: no curves", ErrEmpty)
	}
	p := newPlot(a.Title, a.X, a.Y)
	p.Add(plotter.NewGrid())
	if a.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.TickerFunc(logTicks)
	}
	if a.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.TickerFunc(logTicks)
		if a.Y != "" {
			p.Y.Label.Text = " "
			p.Add(logYLabel{a.Y})
		}
	}
	p.Legend.Left = false
	for _, u := range under {
		p.Add(u.Plotter)
	}
	for i, cv := range curves {
		xy, err := curveXYs(i, cv, a)
		if err != nil {
			return nil, err
		}
		clr := cv.Color
		if clr == nil {
			clr = seriesColor(i)
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = clr, vg.Points(2)
		if cv.Dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(l)
		thumbs := []plot.Thumbnailer{l}
		if len(xy) <= 30 {
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
			p.Add(s)
			thumbs = append(thumbs, s)
		}
		if cv.Name != "" {
			p.Legend.Add(cv.Name, thumbs...)
		}
	}
	for _, u := range under {
		p.Legend.Add(u.name, u.Thumbnailer)
	}
	return p, nil
}

// legendPlotter is a plotter with its legend entry.
type legendPlotter struct {
	plot.Plotter
	plot.Thumbnailer
	name string
}

// curveXYs checks curve i and returns its points.
func curveXYs(i int, cv Curve, a Axes) (plotter.XYs, error) {
	what := fmt.Sprintf("curve %d (%q)", i, cv.Name)
	if err := checkValues(what+" Y", cv.Y); err != nil {
		return nil, err
	}
	x := cv.X
	if x == nil {
		x = make([]float64, len(cv.Y))
		for k := range x {
			x[k] = float64(k + 1)
		}
	}
	if len(x) != len(cv.Y) {
		return nil, fmt.Errorf("%w: %s has %d X and %d Y values", ErrLength, what, len(x), len(cv.Y))
	}
	if err := checkValues(what+" X", x); err != nil {
		return nil, err
	}
	if a.LogX {
		if err := checkPositive(what+" X", x); err != nil {
			return nil, err
		}
	}
	if a.LogY {
		if err := checkPositive(what+" Y", cv.Y); err != nil {
			return nil, err
		}
	}
	xy := make(plotter.XYs, len(x))
	for k := range x {
		xy[k].X, xy[k].Y = x[k], cv.Y[k]
	}
	return xy, nil
}

// Terms are the per-epoch (or per-step) values of a loss and its parts,
// for one split of the data. A nil slice was not recorded.
type Terms struct {
	Loss  []float64 // total loss: negative ELBO for a VAE
	Recon []float64 // reconstruction term
	KL    []float64 // KL(q(z|x) ‖ p(z)) term
}

// History is a training run's record for Training.
type History struct {
	Unit string    // x axis: "epoch" (default) or "step"
	X    []float64 // (n) epoch or step numbers; nil means 1, 2, …, n
	// Per is the unit of every loss, on the y axis of both panels:
	// "nats per digit", say; "" means "nats per example".
	Per   string
	Train Terms
	Test  Terms
}

// Training draws a run's history as Panels: the total loss on the left
// and, when recorded, the reconstruction and KL terms on the right, all
// in the one unit h.Per. Colour marks the quantity, the line style the
// data: train solid, test dashed. A KL that is nil or zero everywhere
// (an autoencoder has no KL term) draws no KL lines; then, when the
// reconstruction is the loss itself, the chart is the loss panel alone.
// Whole-number x values (epochs) get whole-number ticks ([WholeTicks]).
// logY puts the losses on a log scale. It returns an error when nothing
// was recorded or for any curve error of Curves.
func Training(title string, h History, logY bool) (*Panels, error) {
	unit := h.Unit
	if unit == "" {
		unit = "epoch"
	}
	per := h.Per
	if per == "" {
		per = "nats per example"
	}
	curve := func(name string, y []float64, dashed bool, clr color.Color) []Curve {
		if y == nil {
			return nil
		}
		return []Curve{{Name: name, X: h.X, Y: y, Dashed: dashed, Color: clr}}
	}
	var loss, terms []Curve
	loss = append(loss, curve("train loss", h.Train.Loss, false, SeriesColors[0])...)
	loss = append(loss, curve("test loss", h.Test.Loss, true, SeriesColors[0])...)
	hasKL := !allZero(h.Train.KL) || !allZero(h.Test.KL)
	if hasKL || !slices.Equal(h.Train.Recon, h.Train.Loss) || !slices.Equal(h.Test.Recon, h.Test.Loss) {
		terms = append(terms, curve("train reconstruction", h.Train.Recon, false, SeriesColors[1])...)
		terms = append(terms, curve("test reconstruction", h.Test.Recon, true, SeriesColors[1])...)
	}
	if hasKL {
		terms = append(terms, curve("train KL", h.Train.KL, false, SeriesColors[2])...)
		terms = append(terms, curve("test KL", h.Test.KL, true, SeriesColors[2])...)
	}
	if len(loss)+len(terms) == 0 {
		return nil, fmt.Errorf("%w: no losses recorded", ErrEmpty)
	}
	termsTitle := "Reconstruction and KL"
	if !hasKL {
		termsTitle = "Reconstruction"
	}
	var plots []*plot.Plot
	for _, panel := range []struct {
		title  string
		curves []Curve
	}{
		{"Loss", loss},
		{termsTitle, terms},
	} {
		if len(panel.curves) == 0 {
			continue
		}
		p, err := Curves(Axes{Title: panel.title, X: unit, Y: per, LogY: logY}, panel.curves...)
		if err != nil {
			return nil, err
		}
		if wholeNumbers(panel.curves[0].X) {
			p.X.Tick.Marker = WholeTicks{}
		}
		plots = append(plots, p)
	}
	return NewPanels(title, plots...), nil
}

// allZero reports whether every value of v is 0 (true for none).
func allZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// wholeNumbers reports whether every x is a whole number; nil X stands
// for 1, 2, …, n.
func wholeNumbers(x []float64) bool {
	for _, v := range x {
		if v != math.Trunc(v) {
			return false
		}
	}
	return true
}

// EstimatorVariance draws the variance of gradient estimators against
// the number of samples K they average, on log–log axes, over a broad
// light-grey reference line of slope -1 (variance proportional to 1/K,
// what averaging K independent samples gives) through the first point of
// the first curve. Curves' X are the K values. Errors are as for Curves.
func EstimatorVariance(title string, curves ...Curve) (*plot.Plot, error) {
	a := Axes{Title: title, X: "number of samples K", Y: "variance of the estimate", LogX: true, LogY: true}
	if len(curves) == 0 {
		return nil, fmt.Errorf("%w: no curves", ErrEmpty)
	}
	var under []legendPlotter
	first, err := curveXYs(0, curves[0], a)
	if err != nil {
		return nil, err
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for i, cv := range curves {
		xy, err := curveXYs(i, cv, a)
		if err != nil {
			return nil, err
		}
		for _, pt := range xy {
			xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
		}
	}
	if xmax > xmin {
		x0, y0 := first[0].X, first[0].Y
		ref := plotter.XYs{{X: xmin, Y: y0 * x0 / xmin}, {X: xmax, Y: y0 * x0 / xmax}}
		l, err := plotter.NewLine(ref)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = withAlpha(ReferenceColor, 90), vg.Points(7)
		under = append(under, legendPlotter{l, l, "slope 1/K (reference)"})
	}
	return curvesOver(a, under, curves)
}

// logYLabel draws the y-axis label of a log-scale plot. gonum/plot
// v0.17 places the label's layout box at the arithmetic middle of the
// axis range, which on a log axis lies near the top, and then shrinks
// the data area to make room for it. So the axis keeps a one-space
// label, which reserves the same width, and logYLabel writes the real
// one where plot would have. It implements plot.Plotter.
type logYLabel struct{ text string }

// Plot implements the plot.Plotter interface.
func (l logYLabel) Plot(c draw.Canvas, p *plot.Plot) {
	a := &p.Y
	sty := a.Label.TextStyle
	tickW := vg.Length(0)
	for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if !t.IsMinor() {
			tickW = max(tickW, a.Tick.Label.Width(t.Label))
		}
	}
	rest := a.Width/2 + a.Padding
	if tickW > 0 {
		rest += tickW + sty.Width(" ") + a.Tick.Length
	}
	d := sty.FontExtents().Descent
	sty.Rotation += math.Pi / 2
	x := c.Min.X - rest - a.Label.Padding - 2*d
	c.FillText(sty, vg.Point{X: x, Y: (c.Min.Y + c.Max.Y) / 2}, l.text)
}
