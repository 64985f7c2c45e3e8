package course

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestParseCorruption(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"mask:0.5", "mask:0.5", ""},
		{"gauss:0.3", "gauss:0.3", ""},
		{"saltpepper:0", "saltpepper:0", ""},
		{"mask", "", "want kind:level"},
		{"mask:1.5", "", "want kind:level"},
		{"mask:NaN", "", "want kind:level"},
		{"blur:0.2", "", "unknown kind \"blur\""},
	} {
		c, err := ParseCorruption(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseCorruption(%q) error %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || c.String() != tc.want {
			t.Errorf("ParseCorruption(%q) = %v, %v; want %s", tc.in, c, err, tc.want)
		}
	}
}

func TestCorruptionApply(t *testing.T) {
	clean := vae.NewMat(1, 10000)
	for i := range clean.Data {
		clean.Data[i] = 0.5
	}
	for _, tc := range []struct {
		spec       string
		check      func(v float32) bool
		changed    float64 // expected share of changed pixels
		changedTol float64
	}{
		{"mask:0.3", func(v float32) bool { return v == 0 || v == 0.5 }, 0.3, 0.02},
		{"saltpepper:0.2", func(v float32) bool { return v == 0 || v == 1 || v == 0.5 }, 0.2, 0.02},
		{"gauss:0.1", func(v float32) bool { return v >= 0 && v <= 1 }, 1, 0.001},
	} {
		c, err := ParseCorruption(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		noisy := vae.NewMat(1, 10000)
		c.Apply(noisy, clean, rand.New(rand.NewPCG(1, 2)))
		n := 0
		for _, v := range noisy.Data {
			if !tc.check(v) {
				t.Fatalf("%s: pixel %v out of range", tc.spec, v)
			}
			if v != 0.5 {
				n++
			}
		}
		if got := float64(n) / 10000; got < tc.changed-tc.changedTol || got > tc.changed+tc.changedTol {
			t.Errorf("%s changed %.3f of the pixels, want %.3f ± %.3f", tc.spec, got, tc.changed, tc.changedTol)
		}
	}
}

func TestWithout(t *testing.T) {
	d := &vae.Dataset{Name: "d", N: 4, Dim: 1, Rows: 1, Cols: 1, Pixels: []uint8{10, 20, 30, 40}, Labels: []uint8{1, 7, 2, 7}}
	w := Without(d, 7)
	if w.N != 2 || string(w.Pixels) != string([]uint8{10, 30}) || string(w.Labels) != string([]uint8{1, 2}) {
		t.Errorf("Without 7: N %d pixels %v labels %v, want 2 [10 30] [1 2]", w.N, w.Pixels, w.Labels)
	}
	if err := w.Validate(); err != nil {
		t.Error(err)
	}
	if d.N != 4 || d.Pixels[1] != 20 {
		t.Error("Without changed its input")
	}
}

func TestRecipeWarmup(t *testing.T) {
	r := Recipe{Name: "w", Model: vae.Config{Beta: 2}, Warmup: 4}
	tc, err := r.trainConfig()
	if err != nil {
		t.Fatal(err)
	}
	for step, want := range []float64{0, 0.5, 1, 1.5, 2, 2, 2} {
		if got := tc.BetaSchedule(step); got != want {
			t.Errorf("warm-up step %d: β %v, want %v", step, got, want)
		}
	}
	// A negative warm-up is Validate's to refuse (TestRecipeValidate).
	if _, err := (Recipe{Name: "c", Corrupt: "blur:1"}).trainConfig(); err == nil {
		t.Error("an unknown corruption was accepted")
	}
}
