package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ImageRow is one labelled row of an ImageGrid: square grey-scale
// images, each side*side values in [0, 1], row-major.
type ImageRow struct {
	Label  string      // written left of the row; may be empty
	Images [][]float32 // (cols, side*side)
}

// ImageGrid draws rows of square grey-scale images (28×28 digits, say)
// under a title, with optional labels for rows and columns. Grey value 1
// is black ink and 0 white paper (set WhiteOnBlack for the reverse);
// values outside [0, 1] are clamped. Pixels are scaled by nearest
// neighbour, by an integer factor when the cell allows it, so digits
// stay crisp. ImageGrid implements Drawer and Sizer; its exported fields
// may be changed before drawing.
type ImageGrid struct {
	Title        string
	RowLabels    []string  // one per row, left of it; nil for none
	ColLabels    []string  // one per column, under it; nil for none
	XLabel       string    // under the column labels, e.g. "z₁"
	YLabel       string    // left of the row labels, rotated, e.g. "z₂"
	Group        int       // rows per group, with a wider gap between groups; 0 for none
	CellSize     vg.Length // natural side of one image cell (for Size)
	WhiteOnBlack bool      // draw 1 as white on a black cell

	side  int           // image side in pixels
	cols  int           // widest row
	cells [][][]float32 // (rows, ≤cols, side*side)
}

// gapFrac and groupGapFrac are the gaps between cells and between row
// groups, as fractions of the cell side.
const (
	gapFrac      = 0.08
	groupGapFrac = 0.4
)

// NewImageGrid makes a grid with one row per ImageRow. Rows may have
// different lengths. It returns an error if there are no images, if a
// row is empty, if an image is not square (len ≠ side*side), if images
// differ in size or if a pixel is NaN or Inf.
func NewImageGrid(title string, rows ...ImageRow) (*ImageGrid, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no rows of images", ErrEmpty)
	}
	var all [][]float32
	g := &ImageGrid{Title: title}
	anyLabel := false
	for i, r := range rows {
		if len(r.Images) == 0 {
			return nil, fmt.Errorf("%w: row %d has no images", ErrEmpty, i)
		}
		all = append(all, r.Images...)
		g.cells = append(g.cells, r.Images)
		g.cols = max(g.cols, len(r.Images))
		g.RowLabels = append(g.RowLabels, r.Label)
		anyLabel = anyLabel || r.Label != ""
	}
	side, err := imageSide(all)
	if err != nil {
		return nil, err
	}
	g.side = side
	if !anyLabel {
		g.RowLabels = nil
	}
	// Two screen pixels per image pixel at 96 DPI for 28×28 digits,
	// one for big grids.
	g.CellSize = vg.Length(2*side) * vg.Inch / DPI
	if g.cols > 12 || len(rows) > 12 {
		g.CellSize = vg.Length(side) * vg.Inch / DPI
	}
	return g, nil
}

// Samples lays out images row by row, cols to a row (cols ≤ 0 means
// 10), under title: samples decoded from the prior, for example.
func Samples(title string, images [][]float32, cols int) (*ImageGrid, error) {
	if cols <= 0 {
		cols = 10
	}
	if len(images) == 0 {
		return nil, fmt.Errorf("%w: no images", ErrEmpty)
	}
	var rows []ImageRow
	for i := 0; i < len(images); i += cols {
		rows = append(rows, ImageRow{Images: images[i:min(i+cols, len(images))]})
	}
	return NewImageGrid(title, rows...)
}

// Reconstructions shows originals over their reconstructions: rows of
// cols inputs (cols ≤ 0 means 10), each directly above the model's
// output for it, labelled "input" and "output", pairs of rows set apart.
// It returns an error if the two slices differ in length or for any
// image error of NewImageGrid.
func Reconstructions(title string, originals, reconstructions [][]float32, cols int) (*ImageGrid, error) {
	if len(originals) != len(reconstructions) {
		return nil, fmt.Errorf("%w: %d originals, %d reconstructions", ErrLength, len(originals), len(reconstructions))
	}
	if len(originals) == 0 {
		return nil, fmt.Errorf("%w: no images", ErrEmpty)
	}
	if cols <= 0 {
		cols = 10
	}
	var rows []ImageRow
	for i := 0; i < len(originals); i += cols {
		j := min(i+cols, len(originals))
		rows = append(rows, ImageRow{Label: "input", Images: originals[i:j]},
			ImageRow{Label: "output", Images: reconstructions[i:j]})
	}
	g, err := NewImageGrid(title, rows...)
	if err != nil {
		return nil, err
	}
	g.Group = 2
	return g, nil
}

// layout holds the sizes of the parts around the grid of cells.
type layout struct {
	titleH, leftW, bottomH vg.Length
	rows, groups           int
}

func (g *ImageGrid) layout() layout {
	var l layout
	if g.Title != "" {
		l.titleH = textHeight(textStyle(titleSize, true)) + 2*pad
	}
	rs := textStyle(headingSize, false)
	for _, s := range g.RowLabels {
		l.leftW = max(l.leftW, rs.Rectangle(s).Size().X+2*pad)
	}
	if g.YLabel != "" {
		l.leftW += textHeight(rs) + pad
	}
	if len(g.ColLabels) > 0 {
		l.bottomH += textHeight(textStyle(captionSize, false)) + pad
	}
	if g.XLabel != "" {
		l.bottomH += textHeight(rs) + pad
	}
	l.rows = len(g.cells)
	l.groups = 1
	if g.Group > 0 {
		l.groups = (l.rows + g.Group - 1) / g.Group
	}
	return l
}

// extent returns the size of the cell block in units of one cell.
func (g *ImageGrid) extent(l layout) (w, h float64) {
	w = float64(g.cols) + float64(g.cols-1)*gapFrac
	h = float64(l.rows) + float64(l.rows-1)*gapFrac + float64(l.groups-1)*groupGapFrac
	return w, h
}

// Size implements the Sizer interface: cells of CellSize, plus labels.
func (g *ImageGrid) Size() (w, h vg.Length) {
	l := g.layout()
	ew, eh := g.extent(l)
	cs := g.CellSize
	if cs <= 0 {
		cs = vg.Length(2*g.side) * vg.Inch / DPI
	}
	w = l.leftW + vg.Length(ew)*cs + 4*pad
	if g.Title != "" {
		w = max(w, textStyle(titleSize, true).Rectangle(g.Title).Size().X+4*pad)
	}
	h = l.titleH + vg.Length(eh)*cs + l.bottomH + 2*pad
	return w, h
}

// Draw implements the Drawer interface.
func (g *ImageGrid) Draw(c draw.Canvas) {
	fillBackground(c)
	if len(g.cells) == 0 {
		return
	}
	l := g.layout()
	if g.Title != "" {
		ts := textStyle(titleSize, true)
		c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, g.Title)
	}
	area := c.Rectangle
	area.Max.Y -= l.titleH + pad
	area.Min.Y += l.bottomH + pad
	area.Min.X += l.leftW + pad
	area.Max.X -= pad
	ew, eh := g.extent(l)
	cell := min((area.Max.X-area.Min.X)/vg.Length(ew), (area.Max.Y-area.Min.Y)/vg.Length(eh))
	if cell <= 0 {
		return
	}

	// Work in device pixels so that every image pixel lands on whole
	// pixels: cp is the cell side, gp the gap, ggp the group gap.
	dpi := float64(DPI)
	if d, ok := c.Canvas.(interface{ DPI() float64 }); ok && d.DPI() >= 72 {
		dpi = d.DPI()
	}
	toDots := func(x vg.Length) float64 { return x.Dots(dpi) }
	toLen := func(d int) vg.Length { return vg.Length(float64(d) * 72 / dpi) }
	cp := snapCell(toDots(cell), g.side)
	gp := max(1, int(math.Round(float64(cp)*gapFrac)))
	ggp := int(math.Round(float64(cp) * groupGapFrac))
	W := g.cols*cp + (g.cols-1)*gp
	H := l.rows*cp + (l.rows-1)*gp + (l.groups-1)*ggp
	rowTop := func(r int) int { // pixels from the block's top
		top := r * (cp + gp)
		if g.Group > 0 {
			top += (r / g.Group) * ggp
		}
		return top
	}

	img := image.NewRGBA(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for r, row := range g.cells {
		for k, src := range row {
			g.paintCell(img, image.Pt(k*(cp+gp), rowTop(r)), src, cp)
		}
	}

	// Centre the block horizontally, put it at the top, on whole dots.
	blockW, blockH := toLen(W), toLen(H)
	x0 := toLen(int(math.Floor(toDots(area.Min.X + (area.Max.X-area.Min.X-blockW)/2))))
	y1 := toLen(int(math.Floor(toDots(area.Max.Y))))
	rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y1 - blockH}, Max: vg.Point{X: x0 + blockW, Y: y1}}
	c.DrawImage(rect, img)

	// Labels around the block.
	rs := textStyle(headingSize, false)
	rs.XAlign, rs.YAlign = draw.XRight, draw.YCenter
	for r, s := range g.RowLabels {
		if r >= l.rows || s == "" {
			continue
		}
		y := y1 - toLen(rowTop(r)) - toLen(cp)/2
		c.FillText(rs, vg.Point{X: x0 - pad, Y: y}, s)
	}
	if g.YLabel != "" {
		ys := textStyle(headingSize, false)
		ys.Rotation = math.Pi / 2
		ys.XAlign, ys.YAlign = draw.XCenter, draw.YTop
		c.FillText(ys, vg.Point{X: c.Min.X + pad, Y: y1 - blockH/2}, g.YLabel)
	}
	ybot := y1 - blockH - pad/2
	if len(g.ColLabels) > 0 {
		cs := textStyle(captionSize, false)
		for k, s := range g.ColLabels {
			if k < g.cols && s != "" {
				c.FillText(cs, vg.Point{X: x0 + toLen(k*(cp+gp)) + toLen(cp)/2, Y: ybot}, s)
			}
		}
		ybot -= textHeight(cs) + pad
	}
	if g.XLabel != "" {
		c.FillText(textStyle(headingSize, false), vg.Point{X: x0 + blockW/2, Y: ybot}, g.XLabel)
	}
}

// snapCell returns the side in pixels of a cell of about dots pixels
// holding an image of side pixels: a whole multiple of side when that
// loses at most 15% of the space, so each image pixel becomes an equal
// square block.
func snapCell(dots float64, side int) int {
	cp := max(1, int(dots))
	if k := cp / side; k >= 1 && float64(k*side) >= 0.85*dots {
		return k * side
	}
	return cp
}

// paintCell draws one image into the cp×cp square at min of dst:
// nearest neighbour when enlarging, a box average when shrinking.
func (g *ImageGrid) paintCell(dst *image.RGBA, at image.Point, src []float32, cp int) {
	side := g.side
	for y := range cp {
		sy0, sy1 := y*side/cp, max(y*side/cp+1, (y+1)*side/cp)
		for x := range cp {
			sx0, sx1 := x*side/cp, max(x*side/cp+1, (x+1)*side/cp)
			var sum float64
			for sy := sy0; sy < sy1; sy++ {
				for sx := sx0; sx < sx1; sx++ {
					sum += float64(src[sy*side+sx])
				}
			}
			v := math.Min(1, math.Max(0, sum/float64((sy1-sy0)*(sx1-sx0))))
			grey := uint8(math.Round(255 * (1 - v)))
			if g.WhiteOnBlack {
				grey = 255 - grey
			}
			dst.SetRGBA(at.X+x, at.Y+y, color.RGBA{grey, grey, grey, 0xff})
		}
	}
	if g.WhiteOnBlack {
		return
	}
	// A light frame shows where each paper cell ends.
	frame := color.RGBA{0xc8, 0xc8, 0xc8, 0xff}
	for i := range cp {
		dst.SetRGBA(at.X+i, at.Y, frame)
		dst.SetRGBA(at.X+i, at.Y+cp-1, frame)
		dst.SetRGBA(at.X, at.Y+i, frame)
		dst.SetRGBA(at.X+cp-1, at.Y+i, frame)
	}
}
