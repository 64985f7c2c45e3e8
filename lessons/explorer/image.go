package explorer

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// PNG encodes a square grey-scale image (side*side values in [0, 1],
// row-major) as a PNG scaled up scale times by pixel repetition, drawn
// as the charts draw digits: 1 is black ink, 0 white paper; values
// outside [0, 1] are clamped. It returns an error if the image is not
// square or scale < 1.
func PNG(img []float32, scale int) ([]byte, error) {
	side := int(math.Sqrt(float64(len(img))) + 0.5)
	if side == 0 || side*side != len(img) || scale < 1 {
		return nil, fmt.Errorf("explorer: PNG of %d pixels at scale %d: want a square image and scale ≥ 1", len(img), scale)
	}
	out := image.NewGray(image.Rect(0, 0, side*scale, side*scale))
	for y := range side * scale {
		for x := range side * scale {
			v := min(max(img[(y/scale)*side+x/scale], 0), 1)
			out.SetGray(x, y, color.Gray{Y: uint8(math.Round(255 * float64(1-v)))})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, out); err != nil {
		return nil, fmt.Errorf("explorer: encoding PNG: %w", err)
	}
	return b.Bytes(), nil
}

// HTML is the picture the explorer shows for slider positions pos: the
// decoded digit as an inline PNG, four screen pixels per image pixel,
// and under it the value of each slider.
func (e *Explorer) HTML(pos []int) (string, error) {
	b, err := PNG(e.Decode(pos), 4)
	if err != nil {
		return "", err
	}
	vals := make([]string, len(pos))
	for k, p := range pos {
		vals[k] = fmt.Sprintf("%s = %+.2f", e.Axes[k].Name, e.Value(p))
	}
	return fmt.Sprintf(`<div style="font-family:monospace"><img src="data:image/png;base64,%s" style="border:1px solid #ccc"/><br/>%s</div>`,
		base64.StdEncoding.EncodeToString(b), html.EscapeString(strings.Join(vals, ", "))), nil
}
