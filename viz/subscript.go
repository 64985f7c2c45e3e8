package viz

import (
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Subscripts is a gonum/plot text handler that draws subscripts: in
// "β_t", "L_k" or "z_{10}" the character after an underscore, or the
// text in the braces after it, is set smaller and below the baseline,
// in the same typeface as the rest. "\_" is a literal underscore. Every
// other character is drawn as text.Plain draws it.
//
// Liberation Sans, the typeface of viz, has Unicode subscript digits
// (z₁) but no subscript letters such as ₜ or ₖ, and gonum/plot's
// text.Latex sets everything in a serif face; Subscripts keeps the
// labels of a chart in one face. All viz text uses it (see [SubscriptText]);
// give it to any other gonum plot through its text styles' Handler.
// It implements text.Handler.
type Subscripts struct {
	text.Plain
}

// SubscriptText is the text handler of every viz chart: a Subscripts
// over plot.DefaultTextHandler's fonts.
var SubscriptText = Subscripts{Plain: text.Plain{Fonts: font.DefaultCache}}

// Size and drop of a subscript, as fractions of the font size.
const (
	subScale = 0.72
	subDrop  = 0.22
)

// segment is a run of text on the baseline or, with sub set, below it.
type segment struct {
	text string
	sub  bool
}

// subSegments splits one line at its subscripts.
func subSegments(line string) []segment {
	var out []segment
	var cur strings.Builder
	flush := func(sub bool) {
		if cur.Len() > 0 {
			out = append(out, segment{cur.String(), sub})
			cur.Reset()
		}
	}
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && rs[i+1] == '_':
			cur.WriteRune('_')
			i++
		case rs[i] == '_' && i+1 < len(rs) && rs[i+1] == '{':
			end := i + 2
			for end < len(rs) && rs[end] != '}' {
				end++
			}
			flush(false)
			cur.WriteString(string(rs[i+2 : min(end, len(rs))]))
			flush(true)
			i = end
		case rs[i] == '_' && i+1 < len(rs) && rs[i+1] != ' ':
			flush(false)
			cur.WriteRune(rs[i+1])
			flush(true)
			i++
		default:
			cur.WriteRune(rs[i])
		}
	}
	flush(false)
	return out
}

// subFont is f at the subscript size.
func subFont(f font.Font) font.Font {
	f.Size = vg.Length(subScale) * f.Size
	return f
}

// width returns the width of one line.
func (h Subscripts) width(line string, fnt font.Font) vg.Length {
	face, sub := h.Fonts.Lookup(fnt, fnt.Size), h.Fonts.Lookup(subFont(fnt), subFont(fnt).Size)
	var w vg.Length
	for _, s := range subSegments(line) {
		if s.sub {
			w += sub.Width(s.text)
		} else {
			w += face.Width(s.text)
		}
	}
	return w
}

// Box implements the text.Handler interface: a line with a subscript
// reaches deeper below the baseline.
func (h Subscripts) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	_, height, depth = h.Plain.Box(txt, fnt)
	for _, s := range subSegments(txt) {
		if s.sub {
			sf := subFont(fnt)
			face := h.Fonts.Lookup(sf, sf.Size)
			depth = max(depth, vg.Length(subDrop)*fnt.Size+face.Extents().Descent)
			break
		}
	}
	return h.width(txt, fnt), height, depth
}

// Draw implements the text.Handler interface, placing lines as
// text.Plain does.
func (h Subscripts) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	face := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	sf := subFont(sty.Font)
	sub := h.Fonts.Lookup(sf, sf.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - face.Extents().Ascent
	for i, line := range lines {
		x := pt.X + vg.Length(sty.XAlign)*h.width(line, sty.Font)
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		for _, s := range subSegments(line) {
			if s.sub {
				c.FillString(sub, vg.Point{X: x, Y: y - vg.Length(subDrop)*sty.Font.Size}, s.text)
				x += sub.Width(s.text)
				continue
			}
			c.FillString(face, vg.Point{X: x, Y: y}, s.text)
			x += face.Width(s.text)
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// useSubscripts sets the handler of every text of p to SubscriptText.
func useSubscripts(p *plot.Plot) {
	p.Title.TextStyle.Handler = SubscriptText
	p.Legend.TextStyle.Handler = SubscriptText
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Handler = SubscriptText
		a.Tick.Label.Handler = SubscriptText
	}
}
