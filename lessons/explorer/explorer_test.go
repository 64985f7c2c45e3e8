package explorer

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

func model(t testing.TB, latent int) *vae.Model {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 16, Latent: latent, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPlaneMapsSlidersToZ(t *testing.T) {
	e, err := Plane(model(t, 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pos  []int
		want []float32
	}{
		{[]int{0, 0}, []float32{0, 0}},
		{[]int{Ticks, -Ticks}, []float32{3, -3}},
		{[]int{Ticks / 2, Ticks / 4}, []float32{1.5, 0.75}},
		{[]int{-1, 0}, []float32{-3.0 / Ticks, 0}},
	} {
		z := e.Z(tc.pos)
		for j := range z {
			if math.Abs(float64(z[j]-tc.want[j])) > 1e-6 {
				t.Errorf("Z(%v) = %v, want %v", tc.pos, z, tc.want)
				break
			}
		}
	}
	if _, err := Plane(model(t, 20)); err == nil || !strings.Contains(err.Error(), "use Principal") {
		t.Errorf("Plane of a 20-D model: error %v", err)
	}
}

func TestZIsOriginPlusSteps(t *testing.T) {
	e := &Explorer{Origin: []float32{1, 2, 3}, Range: 2, Axes: []Axis{
		{Name: "a", Dir: []float32{1, 1, 0}}, {Name: "b", Dir: []float32{0, -2, 1}}}}
	// Value(Ticks) = 2, Value(−Ticks/2) = −1: z = o + 2a − b.
	z := e.Z([]int{Ticks, -Ticks / 2})
	want := []float32{3, 6, 2}
	for j := range want {
		if z[j] != want[j] {
			t.Fatalf("Z = %v, want %v", z, want)
		}
	}
	if e.Origin[1] != 2 {
		t.Error("Z changed the origin")
	}
	defer func() {
		if recover() == nil {
			t.Error("Z with one position for two axes did not panic")
		}
	}()
	e.Z([]int{0})
}

func TestDecodeIsTheDecoderAtZ(t *testing.T) {
	m := model(t, 2)
	e, _ := Plane(m)
	pos := []int{17, -40}
	got := e.Decode(pos)
	want := m.Decode(vae.MatFrom(1, 2, e.Z(pos))).Row(0)
	if len(got) != 784 {
		t.Fatalf("decoded %d pixels, want 784", len(got))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("pixel %d: %v, decoder gives %v", i, got[i], want[i])
		}
	}
}

// TestPrincipalAxes checks the axes against their definition: they are
// orthogonal, ordered by variance, and one unit along axis i is one
// standard deviation of the codes along it.
func TestPrincipalAxes(t *testing.T) {
	train, _, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m := model(t, 6)
	if _, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 2, Batch: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	x := train.Images(0, 500)
	e, explained, err := Principal(m, x, 3)
	if err != nil {
		t.Fatal(err)
	}
	mu, _ := m.Encode(x)
	for i, a := range e.Axes {
		if i > 0 && explained[i] > explained[i-1] {
			t.Errorf("explained variance %v not in decreasing order", explained)
		}
		na := dot(a.Dir, a.Dir)
		for j := range i {
			if c := dot(a.Dir, e.Axes[j].Dir) / math.Sqrt(na*dot(e.Axes[j].Dir, e.Axes[j].Dir)); math.Abs(c) > 1e-4 {
				t.Errorf("axes %d and %d: cosine %v, want 0", i, j, c)
			}
		}
		// Coordinate of each code along the axis, in slider units.
		var s, s2 float64
		for r := range mu.Rows {
			d := make([]float32, mu.Cols)
			for j := range d {
				d[j] = mu.At(r, j) - e.Origin[j]
			}
			c := dot(d, a.Dir) / na
			s, s2 = s+c, s2+c*c
		}
		n := float64(mu.Rows)
		mean, sd := s/n, math.Sqrt((s2-s*s/n)/(n-1))
		if math.Abs(mean) > 1e-3 || math.Abs(sd-1) > 1e-3 {
			t.Errorf("axis %d: codes have mean %v and standard deviation %v along it, want 0 and 1", i, mean, sd)
		}
	}
	if sum := explained[0] + explained[1] + explained[2]; !(sum > 0 && sum <= 1+1e-9) {
		t.Errorf("explained %v sums to %v", explained, sum)
	}
	for _, k := range []int{0, 7} {
		if _, _, err := Principal(m, x, k); err == nil {
			t.Errorf("Principal with %d axes of a 6-D space gave no error", k)
		}
	}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestPNG(t *testing.T) {
	img := []float32{0, 1, 0.5, 2} // 2×2; 2 is clamped to 1
	b, err := PNG(img, 3)
	if err != nil {
		t.Fatal(err)
	}
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := im.Bounds(); r.Dx() != 6 || r.Dy() != 6 {
		t.Errorf("PNG is %v, want 6×6", r)
	}
	for _, tc := range []struct {
		x, y int
		grey uint32
	}{{0, 0, 255}, {2, 2, 255}, {3, 0, 0}, {1, 4, 128}, {5, 5, 0}} {
		if g, _, _, _ := im.At(tc.x, tc.y).RGBA(); g>>8 != tc.grey {
			t.Errorf("pixel (%d, %d) grey %d, want %d (ink is black)", tc.x, tc.y, g>>8, tc.grey)
		}
	}
	for _, bad := range []struct {
		img   []float32
		scale int
	}{{make([]float32, 3), 1}, {nil, 1}, {img, 0}} {
		if _, err := PNG(bad.img, bad.scale); err == nil {
			t.Errorf("PNG of %d pixels at scale %d gave no error", len(bad.img), bad.scale)
		}
	}
}

func TestHTMLShowsImageAndValues(t *testing.T) {
	e, _ := Plane(model(t, 2))
	h, err := e.HTML([]int{Ticks, -Ticks / 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`src="data:image/png;base64,`, "z₁ = +3.00", "z₂ = -1.00"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q: %.200s", want, h)
		}
	}
}

// TestRunWithoutBrowser is the headless case: no browser answers, so Run
// gives up on each slider after wait and returns without error.
func TestRunWithoutBrowser(t *testing.T) {
	e, _ := Plane(model(t, 2))
	start := time.Now()
	interactive, err := Run(e, 50*time.Millisecond, time.Hour)
	if err != nil || interactive {
		t.Errorf("Run without a browser: interactive %v, error %v; want false, nil", interactive, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Run without a browser took %v; it should give up after 2 × 50ms", d)
	}
}

// TestStatus checks the line under the sliders in each state: what the
// learner can do, and when the live sliders stop.
func TestStatus(t *testing.T) {
	end := time.Date(2026, 1, 2, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		s    state
		now  time.Time
		want []string
	}{
		{live, end.Add(-5 * time.Minute), []string{"Live for another 5 minutes", "interrupt it"}},
		{live, end.Add(-61 * time.Second), []string{"Live for another 1 minute"}},
		{live, end.Add(-10 * time.Second), []string{"Live for another 1 minute"}}, // never "0 minutes"
		{noBrowser, end, []string{"No browser is attached", "do not move", "Run the cell in JupyterLab"}},
		{over, end, []string{"The 5 minutes are over", "Run the cell again"}},
		{stopped, end, []string{"Stopped", "Run the cell again"}},
	} {
		got := status(tc.s, 5*time.Minute, end, tc.now)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("status(%v, now %s) = %q, lacks %q", tc.s, tc.now.Format("15:04:05"), got, w)
			}
		}
	}
}

func ExampleExplorer_Z() {
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Hidden: 8, Latent: 2}, 1)
	e, _ := Plane(m)
	fmt.Println(e.Z([]int{0, 0}), e.Z([]int{Ticks, -Ticks / 2}))
	// Output: [0 0] [3 -1.5]
}

func TestSweep(t *testing.T) {
	e, _ := Plane(model(t, 2))
	s := e.Sweep(1, 5)
	if len(s) != 5 {
		t.Fatalf("%d images, want 5", len(s))
	}
	// Steps −3, −1.5, 0, 1.5, 3 along z₂ with z₁ at 0.
	for i, p := range []int{-Ticks, -Ticks / 2, 0, Ticks / 2, Ticks} {
		want := e.Decode([]int{0, p})
		for j := range want {
			if s[i][j] != want[j] {
				t.Fatalf("image %d differs from the decoder at z₂ = %v", i, e.Value(p))
			}
		}
	}
}

func TestRecipes(t *testing.T) {
	plane, full := Recipes("mnist-small", 2)
	if plane.Model.Latent != 2 || full.Model.Latent != 20 || plane.Model.Kind != vae.VAE || full.Train.Epochs != 2 {
		t.Errorf("recipes %+v and %+v: want 2-D and 20-D VAEs trained 2 epochs", plane, full)
	}
}
