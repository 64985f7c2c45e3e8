package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PriorScale draws a latent axis in shares of the prior's mass: z sits
// at Φ(z), the N(0, 1) probability below it, so equal lengths of the
// axis hold equal shares of the prior. The cells of Manifold, at the
// quantiles of ManifoldQuantiles, are equal squares on this scale. It
// implements plot.Normalizer; set it as an axis's Scale, with
// PriorTicks as its Tick.Marker.
type PriorScale struct{}

// Normalize implements the plot.Normalizer interface.
func (PriorScale) Normalize(min, max, x float64) float64 {
	a, b := distuv.UnitNormal.CDF(min), distuv.UnitNormal.CDF(max)
	return (distuv.UnitNormal.CDF(x) - a) / (b - a)
}

// PriorTicks labels a PriorScale axis at the whole numbers −2…2 in its
// range, with minor ticks at the halves between (±3, 0.1% of the prior
// from the ends, would crowd the ±2 labels). It implements plot.Ticker.
type PriorTicks struct{}

// Ticks implements the plot.Ticker interface.
func (PriorTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for v := -2.0; v <= 2; v += 0.5 {
		if v < min || v > max {
			continue
		}
		t := plot.Tick{Value: v}
		if v == math.Trunc(v) {
			t.Label = strconv.FormatFloat(v, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// priorEdge is where a PriorScale axis ends: Φ(±priorEdge) is within
// 10⁻⁶ of 0 and 1, so the axis holds the whole prior.
var priorEdge = distuv.UnitNormal.Quantile(1 - 1e-6)

// CodesBesideManifold draws a 2-D latent space twice, side by side on
// the same axes: on the left the codes of some inputs (N×2 points, one
// label each), coloured by label with each label at its class median;
// on the right the n×n decoded manifold of Manifold. Both axes are on
// PriorScale, so the manifold's cells are equal squares, and the left
// panel shows the same cells as a light grid: the digit decoded in a
// cell is drawn where the codes in that cell lie. Codes beyond ±4.75,
// outside 10⁻⁶ of the prior's mass, fall off the panel. decode maps a
// latent point z (length 2) to an image of side*side values in [0, 1].
// It returns a CloudChart of two panels, or the errors of NewCloud (and
// an error for a latent that is not 2-D) and of Manifold.
func CodesBesideManifold[T Float](title string, n int, codes [][]T, labels []int, decode func(z []float32) []float32) (*CloudChart, error) {
	c, err := NewCloud("", codes, labels)
	if err != nil {
		return nil, err
	}
	if c.Dim != 2 {
		return nil, fmt.Errorf("%w: codes beside the manifold need a 2-D latent, got %d-D", ErrArgument, c.Dim)
	}
	g, err := Manifold("", n, decode)
	if err != nil {
		return nil, err
	}
	axes := func() *plot.Plot {
		p := newPlot("", "z₁", "z₂")
		for _, a := range []*plot.Axis{&p.X, &p.Y} {
			a.Min, a.Max = -priorEdge, priorEdge
			a.Scale, a.Tick.Marker = PriorScale{}, PriorTicks{}
		}
		return p
	}
	left := axes()
	left.Add(cellGrid{n})
	s, err := plotter.NewScatter(c.XY)
	if err != nil {
		return nil, err
	}
	radius := glyphRadius(len(c.XY))
	s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: withAlpha(DigitColor(labels[i]), 190), Radius: radius, Shape: draw.CircleGlyph{}}
	}
	left.Add(s, newMedianLabels(c.XY, c.Labels))
	right := axes()
	right.Add(manifoldCells{g})
	var present [len(DigitColors)]bool
	for _, l := range labels {
		present[l%len(DigitColors)] = true
	}
	return &CloudChart{Title: title, PanelSize: 4.5 * vg.Inch, Plots: []*plot.Plot{left, right},
		Headings: []string{fmt.Sprintf("codes of %d inputs", len(c.XY)), "decoded at the same z"},
		Captions: []string{fmt.Sprintf("axes in shares of N(0, 1): each of the %d×%d cells holds as much", n, n), "the decoder's mean image at each cell's centre"},
		Legend:   digitLegend(present, false, false)}, nil
}

// cellGrid draws the n×n cell edges of Manifold (the N(0, 1) quantiles
// at k/n) as light lines. It implements plot.Plotter.
type cellGrid struct{ n int }

// Plot implements the plot.Plotter interface.
func (g cellGrid) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: color.Gray{Y: 0xdd}, Width: vg.Points(0.6)}
	for k := 1; k < g.n; k++ {
		f := vg.Length(float64(k) / float64(g.n))
		x := c.Min.X + f*(c.Max.X-c.Min.X)
		y := c.Min.Y + f*(c.Max.Y-c.Min.Y)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// manifoldCells paints the images of a Manifold grid into the data area,
// one per cell of a PriorScale plot, with nearest-neighbour scaling. It
// implements plot.Plotter.
type manifoldCells struct{ g *ImageGrid }

// Plot implements the plot.Plotter interface.
func (m manifoldCells) Plot(c draw.Canvas, p *plot.Plot) {
	dpi := float64(DPI)
	if d, ok := c.Canvas.(interface{ DPI() float64 }); ok && d.DPI() >= 72 {
		dpi = d.DPI()
	}
	n, side := len(m.g.cells), m.g.side
	w := max(n*side, int(math.Round((c.Max.X - c.Min.X).Dots(dpi))))
	h := max(n*side, int(math.Round((c.Max.Y - c.Min.Y).Dots(dpi))))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		r, py := y*n/h, (y*n*side/h)%side
		for x := range w {
			k, px := x*n/w, (x*n*side/w)%side
			v := math.Min(1, math.Max(0, float64(m.g.cells[r][k][py*side+px])))
			grey := uint8(math.Round(255 * (1 - v)))
			img.SetRGBA(x, y, color.RGBA{grey, grey, grey, 0xff})
		}
	}
	c.DrawImage(c.Rectangle, img)
	frame := draw.LineStyle{Color: color.Gray{Y: 0xc8}, Width: vg.Points(0.5)}
	for k := 1; k < n; k++ {
		f := vg.Length(float64(k) / float64(n))
		x, y := c.Min.X+f*(c.Max.X-c.Min.X), c.Min.Y+f*(c.Max.Y-c.Min.Y)
		c.StrokeLine2(frame, x, c.Min.Y, x, c.Max.Y)
		c.StrokeLine2(frame, c.Min.X, y, c.Max.X, y)
	}
}
