package viz

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KLBars draws the KL divergence of each latent dimension, averaged over
// the data, as one bar per dimension (numbered from 0, as in code). With
// threshold > 0 the bars above it are the active units; the collapsed
// ones, too short to see, are marked by a vermillion triangle on the
// axis, a dashed line marks the threshold (0.01 nats is a common choice)
// and the title gains "k of D active". It returns an error for no
// values, NaN or Inf values, or negative KL.
func KLBars(title string, kl []float64, threshold float64) (*plot.Plot, error) {
	if err := checkValues("KL", kl); err != nil {
		return nil, err
	}
	active := make(plotter.Values, len(kl))
	nActive, top := 0, 0.0
	for i, v := range kl {
		if v < 0 {
			return nil, fmt.Errorf("%w: KL[%d] = %v is negative", ErrArgument, i, v)
		}
		top = max(top, v)
		if threshold <= 0 || v > threshold {
			active[i] = v
			nActive++
		}
	}
	if threshold > 0 {
		title = fmt.Sprintf("%s: %d of %d active (KL > %g nats)", title, nActive, len(kl), threshold)
	}
	p := newPlot(title, "latent dimension", "KL per example (nats)")
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	p.Add(grid)
	w := vg.Points(min(24, 300/float64(len(kl))))
	bars, err := plotter.NewBarChart(active, w)
	if err != nil {
		return nil, err
	}
	bars.LineStyle.Width = 0
	bars.Color = SeriesColors[0]
	p.Add(bars)
	if threshold > 0 {
		p.Legend.Add("active", bars)
		// Inactive bars are too short to see: mark them on the axis.
		var idle plotter.XYs
		for i, v := range kl {
			if v <= threshold {
				idle = append(idle, plotter.XY{X: float64(i), Y: 0})
			}
		}
		if len(idle) > 0 {
			s, err := plotter.NewScatter(idle)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: SeriesColors[1], Radius: vg.Points(4), Shape: draw.PyramidGlyph{}}
			p.Add(s)
			p.Legend.Add("inactive", s)
		}
	}
	// Name every dimension when there are few, every k-th otherwise.
	step := (len(kl) + 24) / 25
	names := make([]string, len(kl))
	for i := range names {
		if i%step == 0 {
			names[i] = strconv.Itoa(i)
		}
	}
	p.NominalX(names...)
	p.Y.Min, p.Y.Max = 0, 1.1*max(top, threshold)
	if threshold > 0 {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: threshold}, {X: float64(len(kl)) - 0.5, Y: threshold}})
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = ReferenceColor, vg.Points(1.2)
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("threshold %g", threshold), l)
	}
	p.Legend.Left = false
	return p, nil
}
