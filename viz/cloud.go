package viz

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Cloud is a labelled 2-D view of latent points: the points themselves
// when they are 2-D, their first two principal components (PCA2) when
// they are wider.
type Cloud struct {
	Name      string      // panel heading, e.g. "VAE"
	What      string      // what the points are, for the caption: "means" unless set
	XY        plotter.XYs // (N) coordinates drawn
	Labels    []int       // (N) digit labels, ≥ 0
	Dim       int         // D, the dimension of the original points
	Explained float64     // fraction of variance in XY: 1 when D = 2
}

// NewCloud makes the cloud of N×D latent points (D ≥ 2) with one
// non-negative label per point. Wider latents are projected by PCA2.
// It returns an error for empty or ragged points, NaN or Inf, D < 2,
// negative labels, or labels and points of different lengths.
func NewCloud[T Float](name string, points [][]T, labels []int) (*Cloud, error) {
	x, err := toFloat64(points, labels)
	if err != nil {
		return nil, err
	}
	if labels == nil {
		return nil, fmt.Errorf("%w: no labels for %d points", ErrLength, len(points))
	}
	c := &Cloud{Name: name, What: "means", XY: make(plotter.XYs, len(x)),
		Labels: slices.Clone(labels), Dim: len(x[0]), Explained: 1}
	switch {
	case c.Dim < 2:
		return nil, fmt.Errorf("%w: a latent cloud needs D ≥ 2, got %d", ErrArgument, c.Dim)
	case c.Dim == 2:
		for i, p := range x {
			c.XY[i].X, c.XY[i].Y = p[0], p[1]
		}
	default:
		xy, explained, err := PCA2(x)
		if err != nil {
			return nil, err
		}
		for i, p := range xy {
			c.XY[i].X, c.XY[i].Y = p[0], p[1]
		}
		c.Explained = explained
	}
	return c, nil
}

// Caption says what the axes of the cloud are, e.g. "2-D means" or
// "PCA of 20-D means, 2 components, 71% of variance". The percentage is
// Explained, rounded to the nearest whole percent.
func (c *Cloud) Caption() string {
	what := c.What
	if what == "" {
		what = "means"
	}
	if c.Dim == 2 {
		return fmt.Sprintf("2-D %s", what)
	}
	return fmt.Sprintf("PCA of %d-D %s, 2 components, %.0f%% of variance", c.Dim, what, 100*c.Explained)
}

// LatentCloud is NewCloud followed by LatentClouds for a single cloud:
// the chart of one model's latent points, titled title.
func LatentCloud[T Float](title string, points [][]T, labels []int, prior bool) (*CloudChart, error) {
	c, err := NewCloud("", points, labels)
	if err != nil {
		return nil, err
	}
	return LatentClouds(title, prior, c)
}

// CloudChart draws latent clouds side by side on the same scale, each
// under its heading and caption, with one legend of digit colours on the
// right. It implements Drawer and Sizer. Its fields may be changed
// before drawing.
type CloudChart struct {
	Title     string       // chart title; empty for none
	Headings  []string     // one per panel: the cloud's Name
	Captions  []string     // one per panel: the cloud's Caption
	Plots     []*plot.Plot // one per panel, all with the same axis ranges
	Legend    plot.Legend  // digit colours (and the prior's circles)
	PanelSize vg.Length    // natural side of each square panel
}

// LatentClouds draws one or more clouds side by side with identical,
// square axis ranges, so that their spreads compare directly: points
// coloured by label (DigitColors) with each label also written at its
// class median, in a white box that is moved aside, with a line back to
// the median, where it would cover another label (and, when the cloud is
// drawn too small to hold its labels, set on a ring just outside it).
// With prior set, dashed circles at radius 1 and 2, drawn above the
// points and the labels' boxes on a white halo, show where N(0, I) puts
// 39% and 86% of its mass in two dimensions.
func LatentClouds(title string, prior bool, clouds ...*Cloud) (*CloudChart, error) {
	if len(clouds) == 0 {
		return nil, fmt.Errorf("%w: no clouds", ErrEmpty)
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	if prior {
		xmin, xmax, ymin, ymax = -2, 2, -2, 2
	}
	var present [len(DigitColors)]bool
	usedLabels := map[int]bool{}
	for i, c := range clouds {
		if c == nil || len(c.XY) == 0 {
			return nil, fmt.Errorf("%w: cloud %d has no points", ErrEmpty, i)
		}
		if len(c.Labels) != len(c.XY) {
			return nil, fmt.Errorf("%w: cloud %d has %d labels for %d points", ErrLength, i, len(c.Labels), len(c.XY))
		}
		for j, p := range c.XY {
			if !finite(p.X) || !finite(p.Y) {
				return nil, fmt.Errorf("%w: cloud %d, point %d", ErrNotFinite, i, j)
			}
			if c.Labels[j] < 0 {
				return nil, fmt.Errorf("%w: cloud %d, label %d is negative", ErrArgument, i, c.Labels[j])
			}
			xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
			ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
			present[c.Labels[j]%len(DigitColors)] = true
			usedLabels[c.Labels[j]] = true
		}
	}
	// One square range for every panel, 6% wider than the data.
	half := 0.53 * math.Max(math.Max(xmax-xmin, ymax-ymin), 1e-9)
	cx, cy := (xmin+xmax)/2, (ymin+ymax)/2

	cc := &CloudChart{Title: title, PanelSize: 4 * vg.Inch}
	for _, c := range clouds {
		xl, yl := "PC 1", "PC 2"
		if c.Dim == 2 {
			xl, yl = "z₁", "z₂"
		}
		p := newPlot("", xl, yl)
		p.X.Min, p.X.Max = cx-half, cx+half
		p.Y.Min, p.Y.Max = cy-half, cy+half
		p.Add(plotter.NewGrid())
		s, err := plotter.NewScatter(c.XY)
		if err != nil {
			return nil, err
		}
		radius := glyphRadius(len(c.XY))
		labels := c.Labels
		s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
			return draw.GlyphStyle{Color: withAlpha(DigitColor(labels[i]), 190), Radius: radius, Shape: draw.CircleGlyph{}}
		}
		p.Add(s)
		if prior { // above the points, so the dense middle does not hide them
			p.Add(priorCircles{circleHalo}, newMedianLabels(c.XY, c.Labels), priorCircles{circleLine}, priorCircles{circleLabels})
		} else {
			p.Add(newMedianLabels(c.XY, c.Labels))
		}
		cc.Plots = append(cc.Plots, p)
		cc.Headings = append(cc.Headings, c.Name)
		cc.Captions = append(cc.Captions, c.Caption())
	}

	cc.Legend = digitLegend(present, len(usedLabels) > len(DigitColors), prior)
	return cc, nil
}

// digitLegend is the legend of a latent chart: a dot for each digit
// present, a note when colours repeat (labels ≥ 10), and the prior's
// circles when drawn.
func digitLegend(present [len(DigitColors)]bool, repeat, prior bool) plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(headingSize, false)
	l.TextStyle.XAlign, l.TextStyle.YAlign = draw.XLeft, draw.YBottom
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(14)
	if repeat {
		l.Add(fmt.Sprintf("label mod %d", len(DigitColors)))
	}
	for d, ok := range present {
		if ok {
			l.Add(fmt.Sprint(d), glyphThumb{draw.GlyphStyle{Color: DigitColor(d), Radius: 4, Shape: draw.CircleGlyph{}}})
		}
	}
	if prior {
		l.Add("N(0, I)", lineThumb{priorLineStyle()})
	}
	return l
}

// glyphRadius shrinks the dots as the cloud grows so that classes stay
// visible: 2.2 pt up to 500 points, 1.2 pt from 5000.
func glyphRadius(n int) vg.Length {
	switch {
	case n <= 500:
		return 2.2
	case n <= 2000:
		return 1.7
	case n <= 5000:
		return 1.4
	}
	return 1.2
}

// Size implements the Sizer interface: square panels of PanelSize side
// by side, plus the title and the legend.
func (cc *CloudChart) Size() (w, h vg.Length) {
	ps := cc.PanelSize
	if ps <= 0 {
		ps = 4 * vg.Inch
	}
	w = vg.Length(len(cc.Plots))*ps + cc.legendWidth()
	h = ps + cc.headerHeight()
	if cc.Title != "" {
		h += textHeight(textStyle(titleSize, true)) + 2*pad
	}
	return w, h
}

// pad is the spacing around titles, headings and legends.
const pad = vg.Length(5)

func (cc *CloudChart) legendWidth() vg.Length {
	if len(cc.Plots) == 0 {
		return 0
	}
	var c draw.Canvas
	return cc.Legend.Rectangle(c).Size().X + 4*pad
}

func (cc *CloudChart) headerHeight() vg.Length {
	h := vg.Length(0)
	for _, s := range cc.Headings {
		if s != "" {
			h = textHeight(textStyle(headingSize, true)) + pad
			break
		}
	}
	for _, s := range cc.Captions {
		if s != "" {
			h += textHeight(textStyle(captionSize+1, false)) + pad
			break
		}
	}
	return h
}

// Draw implements the Drawer interface.
func (cc *CloudChart) Draw(c draw.Canvas) {
	fillBackground(c)
	if len(cc.Plots) == 0 {
		return
	}
	if cc.Title != "" {
		ts := textStyle(titleSize, true)
		c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, cc.Title)
		c.Max.Y -= textHeight(ts) + 2*pad
	}
	lc := c
	lc.Min.X = c.Max.X - cc.legendWidth()
	c.Max.X = lc.Min.X
	hh := cc.headerHeight()
	body := c
	body.Max.Y -= hh
	tiles := draw.Tiles{Rows: 1, Cols: len(cc.Plots), PadX: 0.15 * vg.Inch,
		PadLeft: pad, PadRight: pad, PadBottom: pad, PadTop: pad}
	cs := plot.Align([][]*plot.Plot{cc.Plots}, tiles, body)
	// Make the data areas square so that circles look like circles:
	// aligned tiles share one data size, so one crop fits all.
	da := cc.Plots[0].DataCanvas(cs[0][0])
	dw, dh := da.Max.X-da.Min.X, da.Max.Y-da.Min.Y
	for j := range cs[0] {
		t := &cs[0][j]
		if dw > dh {
			t.Max.X -= dw - dh
		} else {
			t.Min.Y += dh - dw
		}
	}
	hs, cs2 := textStyle(headingSize, true), textStyle(captionSize+1, false)
	var top vg.Length
	for j, p := range cc.Plots {
		p.Draw(cs[0][j])
		d := p.DataCanvas(cs[0][j])
		top = d.Max.Y
		x, y := (d.Min.X+d.Max.X)/2, d.Max.Y+hh
		if j < len(cc.Headings) && cc.Headings[j] != "" {
			c.FillText(hs, vg.Point{X: x, Y: y}, cc.Headings[j])
			y -= textHeight(hs) + pad
		}
		if j < len(cc.Captions) && cc.Captions[j] != "" {
			c.FillText(cs2, vg.Point{X: x, Y: y}, cc.Captions[j])
		}
	}
	lc.Max.Y = top
	lc.Min.X += 2 * pad
	cc.Legend.Draw(lc)
}

// priorCircles draws one part of the circles of radius 1 and 2 around
// the origin: a white halo, so that they show on dense points; the
// dashed lines; or their labels 1σ and 2σ on white boxes. All are added
// after the points, to stay above them, and a latent cloud puts its
// digit labels between the halo and the lines, so that the circles
// show across a small cloud covered by labels while the labels stay
// readable. It implements plot.Plotter.
type priorCircles struct{ part circlePart }

// circlePart is a part of the prior's circles.
type circlePart int

const (
	circleHalo circlePart = iota
	circleLine
	circleLabels
)

func priorLineStyle() draw.LineStyle {
	return draw.LineStyle{Color: ReferenceColor, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
}

// Plot implements the plot.Plotter interface.
func (pc priorCircles) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := textStyle(captionSize, false)
	ts.Color = ReferenceColor
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YBottom
	for r := 1.0; r <= 2; r++ {
		line := make([]vg.Point, 0, 121)
		for k := 0; k <= 120; k++ {
			a := 2 * math.Pi * float64(k) / 120
			line = append(line, vg.Point{X: trX(r * math.Cos(a)), Y: trY(r * math.Sin(a))})
		}
		switch pc.part {
		case circleHalo:
			halo := draw.LineStyle{Color: withAlpha(rgb(0xff, 0xff, 0xff), 210), Width: vg.Points(3.4)}
			c.StrokeLines(halo, c.ClipLinesXY(line)...)
			continue
		case circleLine:
			c.StrokeLines(priorLineStyle(), c.ClipLinesXY(line)...)
			continue
		}
		pt := vg.Point{X: trX(r * math.Cos(math.Pi/4)), Y: trY(r * math.Sin(math.Pi/4))}
		if c.Contains(pt) && trX(r)-trX(0) >= 24 { // room for the label
			txt := fmt.Sprintf("%.0fσ", r)
			b := ts.Rectangle(txt)
			box := []vg.Point{{X: pt.X, Y: pt.Y}, {X: pt.X + b.Max.X + 2, Y: pt.Y}, {X: pt.X + b.Max.X + 2, Y: pt.Y + b.Max.Y + 1}, {X: pt.X, Y: pt.Y + b.Max.Y + 1}}
			c.FillPolygon(withAlpha(rgb(0xff, 0xff, 0xff), 200), box)
			c.FillText(ts, vg.Point{X: pt.X + 1, Y: pt.Y}, txt)
		}
	}
}

// medianLabels writes each label at the median of its points, in a
// white box edged with the label's colour. It implements plot.Plotter.
type medianLabels struct {
	xy     plotter.XYs // one median per label
	labels []int
	all    plotter.XYs // every point, to see how big the cloud is drawn
}

func newMedianLabels(xy plotter.XYs, labels []int) medianLabels {
	byLabel := map[int][2][]float64{}
	for i, p := range xy {
		v := byLabel[labels[i]]
		v[0], v[1] = append(v[0], p.X), append(v[1], p.Y)
		byLabel[labels[i]] = v
	}
	m := medianLabels{all: xy}
	for _, l := range slices.Sorted(maps.Keys(byLabel)) {
		v := byLabel[l]
		m.xy = append(m.xy, plotter.XY{X: median(v[0]), Y: median(v[1])})
		m.labels = append(m.labels, l)
	}
	return m
}

// Plot implements the plot.Plotter interface. Labels are placed in
// order; one whose box would overlap a box already placed, or leave the
// data area, moves to the nearest free spot on rings around its median,
// and a thin line in its colour joins it back.
func (m medianLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := textStyle(headingSize, true)
	ts.YAlign = draw.YCenter
	var at []vg.Point
	var half []vg.Point
	var idx []int
	for i, xy := range m.xy {
		pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		if !c.Contains(pt) {
			continue
		}
		txt := fmt.Sprint(m.labels[i])
		at = append(at, pt)
		half = append(half, vg.Point{X: ts.Rectangle(txt).Size().X/2 + 3, Y: textHeight(ts)/2 + 1})
		idx = append(idx, i)
	}
	boxes := placeBoxes(m.starts(c, p, at, textHeight(ts)), half, c.Rectangle)
	centre := func(r vg.Rectangle) vg.Point { return vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2} }
	for n, i := range idx { // lines first, so that no line crosses a label
		if pt := centre(boxes[n]); pt != at[n] {
			c.StrokeLine2(draw.LineStyle{Color: withAlpha(rgb(0xff, 0xff, 0xff), 200), Width: vg.Points(2.2)}, at[n].X, at[n].Y, pt.X, pt.Y)
			c.StrokeLine2(draw.LineStyle{Color: DigitColor(m.labels[i]), Width: vg.Points(0.9)}, at[n].X, at[n].Y, pt.X, pt.Y)
		}
	}
	for n, i := range idx {
		r := boxes[n]
		outline := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
		c.FillPolygon(withAlpha(rgb(0xff, 0xff, 0xff), 235), outline)
		c.StrokeLines(draw.LineStyle{Color: DigitColor(m.labels[i]), Width: vg.Points(1.5)}, outline)
		c.FillText(ts, centre(r), fmt.Sprint(m.labels[i]))
	}
}

// starts returns where the labels at the medians at should go: at the
// medians themselves, unless the whole cloud is drawn so small (90% of
// its points within 5 label heights of its centre) that labels there
// would bury it; then on a ring just outside it, each in the direction
// of its median from the centre.
func (m medianLabels) starts(c draw.Canvas, p *plot.Plot, at []vg.Point, lh vg.Length) []vg.Point {
	if len(m.all) == 0 || len(at) < 2 {
		return at
	}
	trX, trY := p.Transforms(&c)
	xs, ys := make([]float64, len(m.all)), make([]float64, len(m.all))
	for i, q := range m.all {
		xs[i], ys[i] = float64(trX(q.X)), float64(trY(q.Y))
	}
	cx, cy := median(xs), median(ys)
	d := make([]float64, len(xs))
	for i := range xs {
		d[i] = math.Hypot(xs[i]-cx, ys[i]-cy)
	}
	slices.Sort(d)
	r := d[len(d)*9/10]
	if r >= 5*float64(lh) {
		return at
	}
	out := make([]vg.Point, len(at))
	for i, a := range at {
		ang := math.Atan2(float64(a.Y)-cy, float64(a.X)-cx)
		if math.Hypot(float64(a.X)-cx, float64(a.Y)-cy) < 1e-9 {
			ang = 2 * math.Pi * float64(i) / float64(len(at))
		}
		rr := r + 1.2*float64(lh)
		out[i] = vg.Point{X: vg.Length(cx + rr*math.Cos(ang)), Y: vg.Length(cy + rr*math.Sin(ang))}
	}
	return out
}

// placeBoxes places boxes of the given half sizes, in order, each
// centred on its point at if it fits inside area without touching a box
// already placed, else at the nearest spot that does on rings of growing
// radius around it (3 points apart, up to 120 points away).
func placeBoxes(at, half []vg.Point, area vg.Rectangle) []vg.Rectangle {
	var placed []vg.Rectangle
	free := func(r vg.Rectangle) bool {
		if r.Min.X < area.Min.X || r.Max.X > area.Max.X || r.Min.Y < area.Min.Y || r.Max.Y > area.Max.Y {
			return false
		}
		for _, o := range placed {
			if r.Min.X < o.Max.X+1 && o.Min.X < r.Max.X+1 && r.Min.Y < o.Max.Y+1 && o.Min.Y < r.Max.Y+1 {
				return false
			}
		}
		return true
	}
	for i, a := range at {
		box := func(pt vg.Point) vg.Rectangle {
			return vg.Rectangle{Min: vg.Point{X: pt.X - half[i].X, Y: pt.Y - half[i].Y}, Max: vg.Point{X: pt.X + half[i].X, Y: pt.Y + half[i].Y}}
		}
		r := box(a)
	search:
		for ring := 0; ring <= 40; ring++ {
			n := max(1, 8*ring)
			for k := range n {
				t := 2 * math.Pi * float64(k) / float64(n)
				q := vg.Point{X: a.X + vg.Length(3*float64(ring)*math.Cos(t)), Y: a.Y + vg.Length(3*float64(ring)*math.Sin(t))}
				if free(box(q)) {
					r = box(q)
					break search
				}
			}
		}
		placed = append(placed, r)
	}
	return placed
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// glyphThumb is a legend thumbnail showing one glyph.
type glyphThumb struct{ draw.GlyphStyle }

// Thumbnail implements the plot.Thumbnailer interface.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(g.GlyphStyle, c.Center()) }

// lineThumb is a legend thumbnail showing a horizontal line.
type lineThumb struct{ draw.LineStyle }

// Thumbnail implements the plot.Thumbnailer interface.
func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}
