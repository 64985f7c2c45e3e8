package viz

import (
	"errors"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

func TestTrainingPanels(t *testing.T) {
	vaeH := fakeHistory(10)
	vaeH.Per = "nats per digit"
	aeH := vaeH
	aeH.Train.Recon, aeH.Test.Recon = aeH.Train.Loss, aeH.Test.Loss
	aeH.Train.KL, aeH.Test.KL = make([]float64, 10), make([]float64, 10)
	noKL := aeH
	noKL.Train.KL, noKL.Test.KL = nil, nil
	for _, tc := range []struct {
		name   string
		h      History
		panels int
		titles []string
	}{
		{"VAE", vaeH, 2, []string{"Loss", "Reconstruction and KL"}},
		{"AE, zero KL", aeH, 1, []string{"Loss"}},
		{"AE, KL not recorded", noKL, 1, []string{"Loss"}},
	} {
		ps, err := Training("t", tc.h, false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(ps.Plots) != tc.panels {
			t.Fatalf("%s: %d panels, want %d", tc.name, len(ps.Plots), tc.panels)
		}
		for i, p := range ps.Plots {
			if p.Title.Text != tc.titles[i] || p.Y.Label.Text != "nats per digit" {
				t.Errorf("%s: panel %d titled %q, y axis %q; want %q, %q", tc.name, i, p.Title.Text, p.Y.Label.Text, tc.titles[i], "nats per digit")
			}
			if _, ok := p.X.Tick.Marker.(WholeTicks); !ok {
				t.Errorf("%s: panel %d ticks epochs with %T, want WholeTicks", tc.name, i, p.X.Tick.Marker)
			}
		}
	}
	// Steps at half units are not whole numbers: ordinary ticks.
	h := fakeHistory(4)
	h.X = []float64{0.5, 1, 1.5, 2}
	ps, err := Training("t", h, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ps.Plots[0].X.Tick.Marker.(WholeTicks); ok {
		t.Error("half-unit x values got WholeTicks")
	}
}

func TestWholeTicks(t *testing.T) {
	for _, r := range [][2]float64{{1, 2}, {1, 3}, {1, 10}, {0.7, 12.4}, {1, 30}, {1, 100}, {0, 2500}} {
		ticks := WholeTicks{}.Ticks(r[0], r[1])
		labelled := 0
		for _, tk := range ticks {
			if tk.Value != math.Trunc(tk.Value) || tk.Value < r[0] || tk.Value > r[1] {
				t.Errorf("range %v: tick at %v", r, tk.Value)
			}
			if tk.Label != "" {
				labelled++
			}
		}
		if labelled < 2 || labelled > 8 {
			t.Errorf("range %v: %d labels, want 2 to 8: %v", r, labelled, ticks)
		}
	}
}

func TestSubscripts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []segment
	}{
		{"β_t", []segment{{"β", false}, {"t", true}}},
		{"L_k, mean", []segment{{"L", false}, {"k", true}, {", mean", false}}},
		{"z_{10} = 1", []segment{{"z", false}, {"10", true}, {" = 1", false}}},
		{`file\_name`, []segment{{"file_name", false}}},
		{"a _ b_", []segment{{"a _ b_", false}}},
	} {
		got := subSegments(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			}
		}
	}
	f := textStyle(headingSize, false).Font
	plain := text.Plain{Fonts: SubscriptText.Fonts}
	w, _, d := SubscriptText.Box("β_t", f)
	pw, _, pd := plain.Box("βt", f)
	if !(w < pw) || !(d > pd) {
		t.Errorf("β_t is %v wide and %v deep, βt %v and %v: want a smaller t set lower", w, d, pw, pd)
	}
	// Every viz plot uses the handler.
	p := newPlot("β_t", "x", "y")
	for _, s := range []text.Style{p.Title.TextStyle, p.X.Label.TextStyle, p.Y.Tick.Label, p.Legend.TextStyle} {
		if _, ok := s.Handler.(Subscripts); !ok {
			t.Errorf("a text style of newPlot has handler %T", s.Handler)
		}
	}
}

// TestPlaceBoxes puts ten labels on one spot, as in a cloud where every
// class has the same median: none may overlap or leave the area.
func TestPlaceBoxes(t *testing.T) {
	area := vg.Rectangle{Max: vg.Point{X: 300, Y: 300}}
	var at, half []vg.Point
	for range 10 {
		at = append(at, vg.Point{X: 150, Y: 290}) // near the top edge
		half = append(half, vg.Point{X: 8, Y: 7})
	}
	boxes := placeBoxes(at, half, area)
	for i, r := range boxes {
		if r.Min.X < area.Min.X || r.Min.Y < area.Min.Y || r.Max.X > area.Max.X || r.Max.Y > area.Max.Y {
			t.Errorf("box %d %v leaves the area", i, r)
		}
		for j := range i {
			o := boxes[j]
			if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
				t.Errorf("boxes %d %v and %d %v overlap", i, r, j, o)
			}
		}
	}
}

// TestPriorCirclesAbovePoints draws a dense 2-D cloud over the prior's
// circles: they must still show, in their own grey, where points lie.
func TestPriorCirclesAbovePoints(t *testing.T) {
	pts, labels := blobs(20000, 2, 0, 7) // all around the origin, σ 0.5
	for i := range pts {
		pts[i][0], pts[i][1] = 3*pts[i][0], 3*pts[i][1] // σ 1.5: covers both circles
	}
	cc, err := LatentCloud("dense", pts, labels, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(cc, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	im := decodePNG(t, b)
	grey := color.NRGBAModel.Convert(ReferenceColor).(color.NRGBA)
	n := 0
	for y := im.Bounds().Min.Y; y < im.Bounds().Max.Y; y++ {
		for x := im.Bounds().Min.X; x < im.Bounds().Max.X; x++ {
			c := color.NRGBAModel.Convert(im.At(x, y)).(color.NRGBA)
			if absDiff(c.R, grey.R) <= 8 && absDiff(c.G, grey.G) <= 8 && absDiff(c.B, grey.B) <= 8 {
				n++
			}
		}
	}
	// With radii of some 50 and 100 pixels the circles are about 940
	// pixels long, 5/8 of it dashes; drawn beneath the points, about 200
	// of their pixels show.
	if n < 300 {
		t.Errorf("%d pixels in the circles' grey; the points hide the circles", n)
	}
}

func absDiff(a, b uint8) int { return abs(int(a) - int(b)) }

func TestROCLogFPR(t *testing.T) {
	x, y := clipROC([]float64{0, 0, 0.01, 0.1, 1}, []float64{0, 0.2, 0.4, 0.9, 1}, 0.001)
	if x[0] != 0.001 || math.Abs(y[0]-0.2-0.1*0.2) > 1e-12 || len(x) != 4 || x[1] != 0.01 {
		t.Errorf("clipped to %v, %v; want to start at (0.001, 0.22) then (0.01, 0.4)", x, y)
	}
	r := fakeROC("r", 0.1)
	p, err := ROCLogFPR("log", 1e-3, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.X.Scale.(plot.LogScale); !ok || p.X.Min != 1e-3 || p.X.Max != 1 {
		t.Errorf("x axis %T over [%v, %v], want a log scale over [0.001, 1]", p.X.Scale, p.X.Min, p.X.Max)
	}
	for _, m := range []float64{0, 1, -1, math.NaN()} {
		if _, err := ROCLogFPR("log", m, r); !errors.Is(err, ErrArgument) {
			t.Errorf("minFPR %v: error %v, want ErrArgument", m, err)
		}
	}
	if _, err := ROCLogFPR("log", 0.01); !errors.Is(err, ErrEmpty) {
		t.Errorf("no curves: error %v, want ErrEmpty", err)
	}
	if _, err := ROCLogFPR("log", 0.01, ROCCurve{FPR: []float64{0, 2}, TPR: []float64{0, 1}}); !errors.Is(err, ErrArgument) {
		t.Errorf("FPR 2: error %v, want ErrArgument", err)
	}
}

func TestPosteriorsErrors(t *testing.T) {
	mu, sigma, labels := fakePosteriors(3)
	for _, tc := range []struct {
		name      string
		mu, sigma [][]float64
		labels    []int
		err       error
	}{
		{"3-D", [][]float64{{0, 0, 0}}, [][]float64{{1, 1, 1}}, []int{0}, ErrArgument},
		{"σ = 0", mu, [][]float64{{1, 1}, {0, 1}, {1, 1}}, labels, ErrArgument},
		{"lengths", mu, sigma[:2], labels, ErrLength},
		{"no labels", mu, sigma, nil, ErrLength},
		{"NaN", [][]float64{{math.NaN(), 0}}, [][]float64{{1, 1}}, []int{0}, ErrNotFinite},
		{"empty", nil, nil, nil, ErrEmpty},
	} {
		if _, err := Posteriors("q", tc.mu, tc.sigma, tc.labels); !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
		}
	}
}

// TestPriorScaleCells checks that the manifold's decoding points fall at
// the centres of equal cells on PriorScale, as CodesBesideManifold
// relies on.
func TestPriorScaleCells(t *testing.T) {
	for _, n := range []int{2, 7, 15} {
		for k, q := range ManifoldQuantiles(n) {
			got := PriorScale{}.Normalize(-priorEdge, priorEdge, q)
			if want := (float64(k) + 0.5) / float64(n); math.Abs(got-want) > 1e-5 {
				t.Errorf("n=%d: quantile %d at %v on the scale, want %v", n, k, got, want)
			}
		}
	}
	pts, labels := blobs(50, 3, 1, 1)
	if _, err := CodesBesideManifold("m", 5, pts, labels, fakeDecoder); !errors.Is(err, ErrArgument) {
		t.Errorf("3-D codes: error %v, want ErrArgument", err)
	}
	pts, labels = blobs(50, 2, 1, 1)
	if _, err := CodesBesideManifold("m", 1, pts, labels, fakeDecoder); !errors.Is(err, ErrArgument) {
		t.Errorf("n = 1: error %v, want ErrArgument", err)
	}
}
