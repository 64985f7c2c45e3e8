package viz

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panels draws plots side by side in one row under a shared title, with
// their axes aligned (plot.Align). It implements Drawer and Sizer; its
// exported fields may be changed before drawing.
type Panels struct {
	Title       string
	Plots       []*plot.Plot
	PanelWidth  vg.Length // natural width of each panel
	PanelHeight vg.Length // natural height of each panel
}

// NewPanels returns Panels of the given plots, each 4.5 × 4 inches
// (432 × 384 pixels at 96 DPI) by default.
func NewPanels(title string, plots ...*plot.Plot) *Panels {
	return &Panels{Title: title, Plots: plots, PanelWidth: 4.5 * vg.Inch, PanelHeight: 4 * vg.Inch}
}

// Size implements the Sizer interface.
func (ps *Panels) Size() (w, h vg.Length) {
	w = vg.Length(max(len(ps.Plots), 1)) * ps.PanelWidth
	h = ps.PanelHeight
	if ps.Title != "" {
		h += textHeight(textStyle(titleSize, true)) + 2*pad
	}
	return w, h
}

// Draw implements the Drawer interface.
func (ps *Panels) Draw(c draw.Canvas) {
	fillBackground(c)
	if len(ps.Plots) == 0 {
		return
	}
	if ps.Title != "" {
		ts := textStyle(titleSize, true)
		c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, ps.Title)
		c.Max.Y -= textHeight(ts) + 2*pad
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(ps.Plots), PadX: 0.3 * vg.Inch,
		PadLeft: pad, PadRight: 2 * pad, PadBottom: pad, PadTop: 2 * pad}
	cs := plot.Align([][]*plot.Plot{ps.Plots}, tiles, c)
	for j, p := range ps.Plots {
		p.Draw(cs[0][j])
	}
}
