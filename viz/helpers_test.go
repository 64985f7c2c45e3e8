package viz

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// blobs returns n points in d dimensions around ten class centres, with
// labels 0–9 in turn. spread scales the centres: a small spread with
// unit noise looks like a VAE cloud, a large one like an AE cloud.
func blobs(n, d int, spread float64, seed uint64) ([][]float32, []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	centres := make([][]float64, 10)
	for k := range centres {
		centres[k] = make([]float64, d)
		for j := range centres[k] {
			centres[k][j] = spread * r.NormFloat64()
		}
	}
	pts := make([][]float32, n)
	labels := make([]int, n)
	for i := range pts {
		labels[i] = i % 10
		pts[i] = make([]float32, d)
		for j := range pts[i] {
			pts[i][j] = float32(centres[labels[i]][j] + 0.5*r.NormFloat64())
		}
	}
	return pts, labels
}

// segments of a seven-segment display, as lines in a 28×28 box:
// top, top-right, bottom-right, bottom, bottom-left, top-left, middle.
var segments = [7][4]float64{
	{9, 6, 19, 6}, {19, 6, 19, 14}, {19, 14, 19, 22}, {9, 22, 19, 22},
	{9, 14, 9, 22}, {9, 6, 9, 14}, {9, 14, 19, 14},
}

// digitSegments lists the lit segments of each digit.
var digitSegments = [10]string{
	"012345", "12", "01346", "01236", "1256", "02356", "023456", "012", "0123456", "012356",
}

// fakeDigit draws digit d as a 28×28 image of soft strokes, slanted by
// slant and drawn with stroke width w (pixels), values in [0, 1].
func fakeDigit(d int, slant, w float64) []float32 {
	const side = 28
	img := make([]float32, side*side)
	for _, s := range digitSegments[d%10] {
		seg := segments[s-'0']
		for y := range side {
			for x := range side {
				px, py := float64(x)+0.5, float64(y)+0.5
				px += slant * (py - 14) // undo the slant of the stroke
				dist := segDist(px, py, seg)
				v := float32(math.Min(1, math.Max(0, (w/2+0.7-dist)/1.4)))
				img[y*side+x] = max(img[y*side+x], v)
			}
		}
	}
	return img
}

func segDist(px, py float64, s [4]float64) float64 {
	dx, dy := s[2]-s[0], s[3]-s[1]
	t := ((px-s[0])*dx + (py-s[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-s[0]-t*dx, py-s[1]-t*dy)
}

// blur returns a 3×3 box blur of a square image: a stand-in for the
// soft reconstructions of a VAE.
func blur(im []float32) []float32 {
	side := int(math.Sqrt(float64(len(im))))
	out := make([]float32, len(im))
	for y := range side {
		for x := range side {
			var s float32
			var n float32
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if xx, yy := x+dx, y+dy; xx >= 0 && yy >= 0 && xx < side && yy < side {
						s += im[yy*side+xx]
						n++
					}
				}
			}
			out[y*side+x] = 0.85 * s / n
		}
	}
	return out
}

// lerp returns (1-t)a + tb pixel by pixel.
func lerp(a, b []float32, t float32) []float32 {
	out := make([]float32, len(a))
	for i := range a {
		out[i] = (1-t)*a[i] + t*b[i]
	}
	return out
}

// testDigits returns n digit images with labels: real MNIST test digits
// when the GoMNIST module is in the module cache, else fake ones.
func testDigits(t testing.TB, n int) ([][]float32, []int) {
	if ims, labels, ok := mnistFromCache(n); ok {
		return ims, labels
	}
	ims := make([][]float32, n)
	labels := make([]int, n)
	for i := range ims {
		labels[i] = (i * 7) % 10
		ims[i] = fakeDigit(labels[i], 0.15*float64(i%3-1), 2.2+0.3*float64(i%2))
	}
	return ims, labels
}

// mnistFromCache reads the first n MNIST test images and labels from the
// GoMNIST module in the Go module cache (IDX format: big-endian magic,
// counts, then bytes). It reports false if they cannot be read.
func mnistFromCache(n int) ([][]float32, []int, bool) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return nil, nil, false
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "github.com", "petar", "!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63", "data")
	imgs, err := readIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), 0x803, n)
	if err != nil {
		return nil, nil, false
	}
	labs, err := readIDX(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), 0x801, n)
	if err != nil {
		return nil, nil, false
	}
	ims := make([][]float32, n)
	labels := make([]int, n)
	for i := range ims {
		ims[i] = make([]float32, 28*28)
		for j := range ims[i] {
			ims[i][j] = float32(imgs[i*784+j]) / 255
		}
		labels[i] = int(labs[i])
	}
	return ims, labels, true
}

// readIDX returns the bytes of the first n items of a gzipped IDX file.
func readIDX(path string, magic uint32, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var m uint32
	if err := binary.Read(z, binary.BigEndian, &m); err != nil || m != magic {
		return nil, io.ErrUnexpectedEOF
	}
	dims := int(m & 0xff)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(z, binary.BigEndian, &d); err != nil {
			return nil, err
		}
		if i > 0 {
			size *= int(d)
		}
	}
	buf := make([]byte, n*size)
	_, err = io.ReadFull(z, buf)
	return buf, err
}

// decodePNG decodes b or fails the test.
func decodePNG(t testing.TB, b []byte) image.Image {
	t.Helper()
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	return im
}

// inkStats returns the fraction of pixels that are not white and the
// number of distinct colours of im.
func inkStats(im image.Image) (nonWhite float64, colours int) {
	b := im.Bounds()
	seen := map[[4]uint32]bool{}
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := im.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy()), len(seen)
}
