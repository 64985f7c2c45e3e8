package viz

import (
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes of every chart, in points (1 pt = 4/3 px at 96 DPI).
const (
	titleSize   = 14 // chart titles
	headingSize = 12 // panel headings, axis labels, legends
	captionSize = 10 // captions, tick labels, grid labels
)

// sans is the typeface of all viz text: Liberation Sans, shipped with
// gonum/plot (plot's own default is the serif variant).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle returns a black, centred, top-aligned text style.
func textStyle(size vg.Length, bold bool) draw.TextStyle {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return draw.TextStyle{
		Color:   color.Black,
		Font:    font.From(f, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: SubscriptText,
	}
}

// newPlot returns a plot with viz's fonts, a bold title and a light grid
// behind the data.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(titleSize, true)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, headingSize)
		a.Tick.Label.Font = font.From(sans, captionSize)
		a.Tick.Marker = plot.TickerFunc(niceTicks)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(sans, captionSize+1)
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(1)
	p.Legend.ThumbnailWidth = vg.Points(22)
	useSubscripts(p)
	return p
}

// fillBackground paints the whole canvas white.
func fillBackground(c draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(color.White, []vg.Point{
		r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y},
	})
}

// textHeight returns the height of one line of text in style s.
func textHeight(s draw.TextStyle) vg.Length {
	return s.Rectangle("Xg").Size().Y
}
