package viz

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Density is a named probability density drawn over a histogram.
type Density struct {
	Name string                  // legend entry, e.g. "N(1, 0.5²)"
	F    func(x float64) float64 // the density at x
}

// Histogram draws samples as a histogram of bins bars (bins ≤ 0 picks
// 40), normalised to unit area so that it estimates the density, and
// draws the given densities over it as lines: the reparameterisation
// lesson's picture of z = μ + σ·ε against N(μ, σ²). The y axis is
// labelled "density" unless a.Y is set; log axes are ignored. It returns
// an error for no samples, NaN or Inf samples, or a density with a nil F.
func Histogram(a Axes, samples []float64, bins int, densities ...Density) (*plot.Plot, error) {
	if err := checkValues("samples", samples); err != nil {
		return nil, err
	}
	if bins <= 0 {
		bins = 40
	}
	if a.Y == "" {
		a.Y = "density"
	}
	p := newPlot(a.Title, a.X, a.Y)
	p.Add(plotter.NewGrid())
	h, err := plotter.NewHist(plotter.Values(samples), bins)
	if err != nil {
		return nil, err
	}
	h.Normalize(1)
	h.FillColor = withAlpha(SeriesColors[5], 150)
	h.LineStyle.Color = withAlpha(SeriesColors[0], 200)
	h.LineStyle.Width = vg.Points(0.7)
	p.Add(h)
	ymax := 0.0
	for _, b := range h.Bins {
		ymax = math.Max(ymax, b.Weight)
	}
	p.Legend.Left = false
	p.Legend.Add(fmt.Sprintf("%d samples", len(samples)), h)
	for i, d := range densities {
		if d.F == nil {
			return nil, fmt.Errorf("%w: density %d (%q) has no function", ErrArgument, i, d.Name)
		}
		f := plotter.NewFunction(d.F)
		f.Samples = 200
		f.Color, f.Width = seriesColor(i+1), vg.Points(2.5)
		if i > 0 {
			f.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(f)
		for k := range 201 { // the densities' peaks must fit too
			if y := d.F(p.X.Min + (p.X.Max-p.X.Min)*float64(k)/200); finite(y) {
				ymax = math.Max(ymax, y)
			}
		}
		if d.Name != "" {
			p.Legend.Add(d.Name, f)
		}
	}
	p.Y.Min, p.Y.Max = 0, 1.12*ymax // headroom for the legend
	return p, nil
}
