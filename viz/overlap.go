package viz

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sample is a named set of values, one histogram of Overlap.
type Sample struct {
	Name   string    // legend entry; the count is appended
	Values []float64 // (n)
}

// Overlap draws samples as translucent histograms on one shared set of
// bins bins (bins ≤ 0 picks 40), so that where they overlap shows: the
// anomaly scores of normal inputs against unusual ones, say. Each bar is
// the fraction of its sample in the bin, so samples of different sizes
// compare. With a.LogX the bins are of equal width in log₁₀ of the value
// (all values must then be > 0): scores that differ by orders of
// magnitude still share one chart. The y axis is labelled "fraction of
// inputs" unless a.Y is set; a.LogY is ignored. It returns an error for
// no samples, an empty sample, NaN or Inf, or a value ≤ 0 with a.LogX.
func Overlap(a Axes, bins int, samples ...Sample) (*plot.Plot, error) {
	if len(samples) == 0 {
		return nil, fmt.Errorf("%w: no samples", ErrEmpty)
	}
	if bins <= 0 {
		bins = 40
	}
	hists, err := overlapHists(a.LogX, bins, samples)
	if err != nil {
		return nil, err
	}
	if a.Y == "" {
		a.Y = "fraction of inputs"
	}
	p := newPlot(a.Title, a.X, a.Y)
	p.Add(plotter.NewGrid())
	if a.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.TickerFunc(logTicks)
	}
	p.Legend.Left = false
	ymax := 0.0
	for i, h := range hists {
		for _, b := range h.Bins {
			ymax = math.Max(ymax, b.Weight)
		}
		p.Add(h)
		p.Legend.Add(fmt.Sprintf("%s (%d)", samples[i].Name, len(samples[i].Values)), h)
	}
	p.Y.Min, p.Y.Max = 0, legendHeadroom(p, ymax)
	return p, nil
}

// legendHeadroom returns the top of a y axis from 0 on which bars up to
// ymax stay below p's legend, at the top of the chart, when p is drawn at
// DefaultWidth × DefaultHeight: the legend's height grows with its
// entries, and a tall bar under it would be hidden (notebook 08's noise).
func legendHeadroom(p *plot.Plot, ymax float64) float64 {
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: DefaultWidth, Y: DefaultHeight}}}
	p.Y.Min, p.Y.Max = 0, ymax // the tick labels' width shapes the data area
	data := p.DataCanvas(c)
	h := data.Max.Y - data.Min.Y
	free := h - p.Legend.Rectangle(data).Size().Y - vg.Points(6) // a small gap under the legend
	if free < h/3 {
		free = h / 3 // a legend taller than the chart: keep the bars readable
	}
	return ymax * float64(h/free)
}

// overlapHists checks the samples and bins them on shared bins, equal in
// width in the value or, with logX, in its log₁₀; each bin's weight is
// the fraction of its sample that falls in it.
func overlapHists(logX bool, bins int, samples []Sample) ([]*plotter.Histogram, error) {
	to, from := func(v float64) float64 { return v }, func(v float64) float64 { return v }
	if logX {
		to, from = math.Log10, func(v float64) float64 { return math.Pow(10, v) }
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range samples {
		what := fmt.Sprintf("sample %d (%q)", i, s.Name)
		if err := checkValues(what, s.Values); err != nil {
			return nil, err
		}
		if logX {
			if err := checkPositive(what, s.Values); err != nil {
				return nil, err
			}
		}
		for _, v := range s.Values {
			lo, hi = math.Min(lo, to(v)), math.Max(hi, to(v))
		}
	}
	if hi == lo { // one value in all: give the bins some width
		lo, hi = lo-0.5, hi+0.5
	}
	width := (hi - lo) / float64(bins)
	out := make([]*plotter.Histogram, len(samples))
	for i, s := range samples {
		h := &plotter.Histogram{Bins: make([]plotter.HistogramBin, bins), FillColor: withAlpha(seriesColor(i), 110)}
		for k := range h.Bins {
			h.Bins[k].Min, h.Bins[k].Max = from(lo+float64(k)*width), from(lo+float64(k+1)*width)
		}
		for _, v := range s.Values {
			k := min(int((to(v)-lo)/width), bins-1) // the largest value goes in the last bin
			h.Bins[k].Weight += 1 / float64(len(s.Values))
		}
		h.LineStyle.Color, h.LineStyle.Width = seriesColor(i), vg.Points(0.8)
		out[i] = h
	}
	return out, nil
}
