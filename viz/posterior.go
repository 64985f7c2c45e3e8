package viz

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Posteriors draws what a VAE's encoder says about a few inputs in a
// 2-D latent space: for each, q(z|x) = N(μ, diag(σ²)) as its 1σ ellipse
// (μ ± σ along each axis, filled lightly, solid edge) and 2σ ellipse
// (dashed edge), with a dot at μ, coloured by label, over the dashed 1σ
// and 2σ circles of the prior N(0, I). In two dimensions a Gaussian puts
// 39% of its mass inside its 1σ ellipse and 86% inside its 2σ one. The
// panel is square on one scale, so that a round q looks round. mu and
// sigma are N×2 (σ > 0), one label per row. It returns a one-panel
// CloudChart, or an error for empty or ragged input, a dimension other
// than 2, NaN or Inf, σ ≤ 0, or negative labels.
func Posteriors[T Float](title string, mu, sigma [][]T, labels []int) (*CloudChart, error) {
	m, err := toFloat64(mu, labels)
	if err != nil {
		return nil, err
	}
	s, err := toFloat64(sigma, nil)
	if err != nil {
		return nil, err
	}
	if labels == nil {
		return nil, fmt.Errorf("%w: no labels for %d means", ErrLength, len(m))
	}
	if len(s) != len(m) {
		return nil, fmt.Errorf("%w: %d means and %d standard deviations", ErrLength, len(m), len(s))
	}
	if len(m[0]) != 2 || len(s[0]) != 2 {
		return nil, fmt.Errorf("%w: posterior ellipses need a 2-D latent, got %d-D means and %d-D σ", ErrArgument, len(m[0]), len(s[0]))
	}
	e := ellipses{labels: labels}
	xmin, xmax, ymin, ymax := -2.0, 2.0, -2.0, 2.0 // the prior's 2σ circle
	var present [len(DigitColors)]bool
	for i := range m {
		if s[i][0] <= 0 || s[i][1] <= 0 {
			return nil, fmt.Errorf("%w: σ of row %d is (%v, %v), want > 0", ErrArgument, i, s[i][0], s[i][1])
		}
		e.mu = append(e.mu, plotter.XY{X: m[i][0], Y: m[i][1]})
		e.sigma = append(e.sigma, plotter.XY{X: s[i][0], Y: s[i][1]})
		xmin, xmax = math.Min(xmin, m[i][0]-2*s[i][0]), math.Max(xmax, m[i][0]+2*s[i][0])
		ymin, ymax = math.Min(ymin, m[i][1]-2*s[i][1]), math.Max(ymax, m[i][1]+2*s[i][1])
		present[labels[i]%len(DigitColors)] = true
	}
	half := 0.53 * math.Max(xmax-xmin, ymax-ymin)
	cx, cy := (xmin+xmax)/2, (ymin+ymax)/2
	p := newPlot("", "z₁", "z₂")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = cx-half, cx+half, cy-half, cy+half
	p.Add(plotter.NewGrid(), priorCircles{circleHalo}, priorCircles{circleLine}, e, priorCircles{circleLabels})
	cc := &CloudChart{Title: title, PanelSize: 4.5 * vg.Inch, Plots: []*plot.Plot{p},
		Headings: []string{""},
		Captions: []string{fmt.Sprintf("q(z|x) of %d inputs: μ, and ellipses at 1σ (solid) and 2σ (dashed)", len(m))},
		Legend:   digitLegend(present, false, true)}
	return cc, nil
}

// ellipses draws axis-aligned 1σ and 2σ ellipses around each mean, in
// its label's colour. It implements plot.Plotter.
type ellipses struct {
	mu, sigma plotter.XYs
	labels    []int
}

// Plot implements the plot.Plotter interface.
func (e ellipses) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ring := func(i int, k float64) []vg.Point {
		pts := make([]vg.Point, 0, 73)
		for a := 0; a <= 72; a++ {
			t := 2 * math.Pi * float64(a) / 72
			pts = append(pts, vg.Point{X: trX(e.mu[i].X + k*e.sigma[i].X*math.Cos(t)), Y: trY(e.mu[i].Y + k*e.sigma[i].Y*math.Sin(t))})
		}
		return pts
	}
	for i := range e.mu {
		clr := DigitColor(e.labels[i])
		if one := c.ClipPolygonXY(ring(i, 1)); len(one) > 2 {
			c.FillPolygon(withAlpha(clr, 45), one)
		}
	}
	for i := range e.mu {
		clr := DigitColor(e.labels[i])
		c.StrokeLines(draw.LineStyle{Color: clr, Width: vg.Points(1.6)}, c.ClipLinesXY(ring(i, 1))...)
		c.StrokeLines(draw.LineStyle{Color: clr, Width: vg.Points(1.1), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}, c.ClipLinesXY(ring(i, 2))...)
		c.DrawGlyph(draw.GlyphStyle{Color: clr, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, vg.Point{X: trX(e.mu[i].X), Y: trY(e.mu[i].Y)})
	}
}
