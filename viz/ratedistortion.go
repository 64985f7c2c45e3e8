package viz

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RDPoint is one trained model on a rate–distortion chart: its rate (the
// KL term, nats per example) and its distortion (the reconstruction
// term, nats per example), written beside the point as Label (e.g.
// "β = 4").
type RDPoint struct {
	Label            string
	Rate, Distortion float64
}

// RDSeries is a named family of models, e.g. one β sweep, drawn as
// points joined in the order given.
type RDSeries struct {
	Name   string      // legend entry; empty for none
	Points []RDPoint   // (n) in drawing order, e.g. by increasing β
	Dashed bool        // dashed joining line
	Color  color.Color // nil picks the next of SeriesColors
}

// RateDistortion draws models as points in the plane of rate (KL, x
// axis) against distortion (reconstruction, y axis), each labelled, one
// joined line per series. Down and to the left is better on both terms;
// a family trading one for the other traces a curve from top left to
// bottom right. It returns an error for no series, an empty series, or
// NaN or Inf values.
func RateDistortion(title string, series ...RDSeries) (*plot.Plot, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("%w: no series", ErrEmpty)
	}
	p := newPlot(title, "rate: KL per example (nats)", "distortion: reconstruction per example (nats)")
	p.Add(plotter.NewGrid())
	p.Legend.Left = false
	for i, s := range series {
		if len(s.Points) == 0 {
			return nil, fmt.Errorf("%w: series %d (%q) has no points", ErrEmpty, i, s.Name)
		}
		xy := make(plotter.XYs, len(s.Points))
		labels := make([]string, len(s.Points))
		for k, pt := range s.Points {
			if !finite(pt.Rate) || !finite(pt.Distortion) {
				return nil, fmt.Errorf("%w: series %d (%q), point %q: rate %v, distortion %v", ErrNotFinite, i, s.Name, pt.Label, pt.Rate, pt.Distortion)
			}
			xy[k].X, xy[k].Y, labels[k] = pt.Rate, pt.Distortion, pt.Label
		}
		clr := s.Color
		if clr == nil {
			clr = seriesColor(i)
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = clr, vg.Points(1.5)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: labels})
		if err != nil {
			return nil, err
		}
		for k := range lb.TextStyle {
			ts := textStyle(captionSize+1, false)
			ts.Color, ts.XAlign, ts.YAlign = clr, draw.XLeft, draw.YBottom
			lb.TextStyle[k] = ts
		}
		lb.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(3)}
		p.Add(l, sc, lb)
		if s.Name != "" {
			p.Legend.Add(s.Name, l, sc)
		}
	}
	// Room for the labels right of the last point and above the top one.
	xmin, xmax, ymin, ymax := p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	dx, dy := max(xmax-xmin, 1e-9), max(ymax-ymin, 1e-9)
	p.X.Min, p.X.Max = xmin-0.05*dx, xmax+0.2*dx
	p.Y.Min, p.Y.Max = ymin-0.05*dy, ymax+0.1*dy
	return p, nil
}
