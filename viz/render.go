package viz

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of PNG output: 96 dots per inch, the CSS pixel,
// so that JupyterLab shows a PNG one image pixel per screen pixel.
const DPI = 96

// DefaultWidth and DefaultHeight are the size of a chart that has no
// natural size of its own (a *plot.Plot): 6 × 4.5 inches, which is
// 576 × 432 pixels at 96 DPI, comfortably inside a JupyterLab output area.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
)

// Drawer wraps the Draw method, which draws a chart onto a canvas.
// *plot.Plot implements it, as do CloudChart, ImageGrid and Panels.
type Drawer interface {
	Draw(c draw.Canvas)
}

// Sizer wraps the Size method, which returns the size at which a chart
// looks right. PNG, SVG and Save use it when asked for size 0.
type Sizer interface {
	Size() (w, h vg.Length)
}

// size resolves a requested size: 0 means the chart's natural size.
func size(d Drawer, w, h vg.Length) (vg.Length, vg.Length, error) {
	if w < 0 || h < 0 {
		return 0, 0, fmt.Errorf("%w: negative size %v × %v", ErrArgument, w, h)
	}
	nw, nh := DefaultWidth, DefaultHeight
	if s, ok := d.(Sizer); ok {
		nw, nh = s.Size()
	}
	switch {
	case w == 0 && h == 0:
		return nw, nh, nil
	case w == 0: // keep the natural aspect ratio
		return h * nw / nh, h, nil
	case h == 0:
		return w, w * nh / nw, nil
	}
	return w, h, nil
}

// PNG renders d as a PNG image of w × h at DPI; w or h of 0 means the
// chart's natural size (see Sizer), keeping its aspect ratio when only
// one of them is 0.
func PNG(d Drawer, w, h vg.Length) ([]byte, error) {
	return render(d, w, h, "png")
}

// SVG renders d as an SVG document of w × h (0 as for PNG). Embedded
// digit images are marked image-rendering: pixelated so that browsers
// keep their pixels crisp.
func SVG(d Drawer, w, h vg.Length) ([]byte, error) {
	return render(d, w, h, "svg")
}

// Save renders d to the file at path, choosing the format from its
// extension: .png or .svg. Sizes are as for PNG. (PDF is left out:
// gonum/plot's PDF canvas cannot yet use the bold font of viz titles.)
func Save(d Drawer, w, h vg.Length, path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	b, err := render(d, w, h, format)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// render draws d onto a fresh canvas of the given format and returns
// the encoded bytes.
func render(d Drawer, w, h vg.Length, format string) (b []byte, err error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil chart", ErrArgument)
	}
	w, h, err = size(d, w, h)
	if err != nil {
		return nil, err
	}
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))}
	case "svg":
		c = vgsvg.New(w, h)
	default:
		return nil, fmt.Errorf("%w: unknown format %q (want png or svg)", ErrArgument, format)
	}
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("viz: drawing failed: %v", r)
		}
	}()
	dc := draw.New(c)
	if p, ok := d.(*plot.Plot); ok { // a margin so the title clears the edge
		fillBackground(dc)
		dc = draw.Crop(dc, pad, -2*pad, pad, -pad)
		p.Draw(dc)
	} else {
		d.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	b = buf.Bytes()
	if format == "svg" {
		b = bytes.ReplaceAll(b, []byte("<image "),
			[]byte(`<image style="image-rendering:pixelated" image-rendering="optimizeSpeed" `))
	}
	return b, nil
}
