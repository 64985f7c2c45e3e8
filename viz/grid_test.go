package viz

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// checker returns a side×side checkerboard of 0s and 1s with squares
// of cell pixels.
func checker(side, cell int) []float32 {
	im := make([]float32, side*side)
	for y := range side {
		for x := range side {
			if (x/cell+y/cell)%2 == 0 {
				im[y*side+x] = 1
			}
		}
	}
	return im
}

// TestGridCrisp checks that digit pixels are not blurred: a grid of
// black-and-white checkerboards, without any text, must render with
// only black, white and the grey of the cell frames, at the natural
// size and at a size that is not a whole multiple of 28.
func TestGridCrisp(t *testing.T) {
	g, err := NewImageGrid("", ImageRow{Images: [][]float32{checker(28, 1), checker(28, 3), checker(28, 7)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []vg.Length{0, 5 * vg.Inch} {
		b, err := PNG(g, w, 0)
		if err != nil {
			t.Fatal(err)
		}
		im := decodePNG(t, b)
		allowed := map[[3]uint32]bool{{0, 0, 0}: true, {0xffff, 0xffff, 0xffff}: true, {0xc8c8, 0xc8c8, 0xc8c8}: true}
		bad := 0
		for y := im.Bounds().Min.Y; y < im.Bounds().Max.Y; y++ {
			for x := im.Bounds().Min.X; x < im.Bounds().Max.X; x++ {
				r, g, b, _ := im.At(x, y).RGBA()
				if !allowed[[3]uint32{r, g, b}] {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("width %v: %d blended pixels; digits should be crisp", w, bad)
		}
		if ink, _ := inkStats(im); ink < 0.2 {
			t.Errorf("width %v: only %.2f ink", w, ink)
		}
	}
	s, err := SVG(g, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(s), "image-rendering:pixelated") {
		t.Error("SVG images are not marked pixelated")
	}
}

// TestSnapCell checks the choice of cell size in screen pixels.
func TestSnapCell(t *testing.T) {
	for _, tc := range []struct {
		dots float64
		want int
	}{
		{56, 56}, {60, 56}, {64.9, 56}, {70, 70}, {84.5, 84}, {28, 28}, {20.7, 20}, {0.3, 1},
	} {
		if got := snapCell(tc.dots, 28); got != tc.want {
			t.Errorf("snapCell(%v, 28) = %d, want %d", tc.dots, got, tc.want)
		}
	}
}
