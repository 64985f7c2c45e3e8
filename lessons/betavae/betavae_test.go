package betavae

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/klterm"
	"github.com/vaelab/govae/vae"
)

func TestBeta(t *testing.T) {
	for _, tc := range []struct {
		name   string
		beta   float64
		warmup int
		step   int
		want   float64
	}{
		{"no warm-up", 4, 0, 0, 4},
		{"default β", 0, 0, 7, 1},
		{"warm-up start", 2, 4, 0, 0},
		{"warm-up middle", 2, 4, 1, 0.5},
		{"warm-up end", 2, 4, 4, 2},
		{"after warm-up", 2, 4, 100, 2},
		{"default β warmed", 0, 10, 5, 0.5},
	} {
		r := Warmup(klterm.BetaRecipe("mnist-small", 1, 8, 2, tc.beta), tc.warmup)
		if got := Beta(r, tc.step); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: Beta(step %d) = %v, want %v", tc.name, tc.step, got, tc.want)
		}
	}
}

// The schedule Beta states must be the one training applies: each step's
// loss is recon + β_t·KL with β_t = Beta(r, t).
func TestBetaIsTheScheduleTrainingUses(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	r := Warmup(klterm.BetaRecipe("mnist-small", 2, 32, 4, 3), 5)
	var steps []vae.Loss
	if _, err := course.TrainOrLoad(t.TempDir(), r, train, test, func(s vae.Step) { steps = append(steps, s.Loss) }, nil); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 16 { // 2 epochs of ⌈1000/128⌉ = 8 steps
		t.Fatalf("%d steps, want 16", len(steps))
	}
	for i, l := range steps {
		if got := l.Recon + Beta(r, i)*l.KL; math.Abs(got-l.Total) > 1e-9*l.Total {
			t.Errorf("step %d: recon %.6f + Beta %.3f × KL %.6f = %.6f, but the loss trained on is %.6f", i, l.Recon, Beta(r, i), l.KL, got, l.Total)
		}
	}
}

func TestMuVariance(t *testing.T) {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	x := test.Images(0, 200)
	before := MuVariance(m, x)
	// Dimension 0 ignores the input: constant μ, variance exactly 0.
	// Dimension 1's weights and bias doubled: μ doubles, variance ×4.
	for i := 0; i < m.FcMu.In; i++ {
		m.FcMu.W[i*m.FcMu.Out+0] = 0
		m.FcMu.W[i*m.FcMu.Out+1] *= 2
	}
	m.FcMu.B[1] *= 2
	after := MuVariance(m, x)
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"dimension 0, constant", after[0], 0},
		{"dimension 1, doubled", after[1], 4 * before[1]},
		{"dimension 2, unchanged", after[2], before[2]},
	} {
		if math.Abs(tc.got-tc.want) > 1e-5*max(tc.want, 1e-3) {
			t.Errorf("%s: variance %.8f, want %.8f", tc.name, tc.got, tc.want)
		}
	}
	if before[1] <= 0 {
		t.Errorf("an untrained encoder's μ does not vary: %v", before)
	}
}

// A large β collapses dimensions a small β keeps: the lesson's claim, on
// the small data set.
func TestLargeBetaLeavesFewerActiveUnits(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	x := test.Images(0, 500)
	var pts []Point
	for _, r := range Sweep("mnist-small", 60, 64, 8, 0.5, 16) {
		r.Model.Threads = 1 // the same sums, so the same counts, on any machine
		tr, err := course.TrainOrLoad(t.TempDir(), r, train, test, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, Measure(tr, r, x, 0.01))
	}
	lo, hi := pts[0], pts[1]
	t.Logf("%s\n%s", lo.Summary, hi.Summary)
	// Var μ drops first; the KL of a collapsed dimension, which also
	// counts σ ≠ 1, approaches 0 more slowly (notebook 05 §3).
	if !(hi.ActiveVar < lo.ActiveVar && hi.ActiveKL <= lo.ActiveKL) {
		t.Errorf("β = 16 keeps %d (KL) / %d (Var μ) active units, β = 0.5 keeps %d / %d: want fewer", hi.ActiveKL, hi.ActiveVar, lo.ActiveKL, lo.ActiveVar)
	}
	if !(hi.KL < lo.KL && hi.Recon > lo.Recon) {
		t.Errorf("β = 16: recon %.2f KL %.2f; β = 0.5: recon %.2f KL %.2f; want less KL bought with worse recon", hi.Recon, hi.KL, lo.Recon, lo.KL)
	}
	for _, p := range pts {
		if p.Dims != 8 || len(p.MuVar) != 8 || !strings.Contains(p.Summary, "of 8 by KL") {
			t.Errorf("point %+v: want 8 dimensions", p)
		}
	}
}

func TestTrainTracedKeepsTheTraceWithTheModel(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := Warmup(klterm.BetaRecipe("mnist-small", 1, 16, 2, 2), 3)
	first, tr, err := TrainTraced(dir, r, train.Head(512), test.Head(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || len(tr.Beta) != 4 || len(tr.KL) != 4 || tr.Beta[0] != 0 || tr.Beta[3] != 2 {
		t.Fatalf("first run: cached %v, trace %+v; want 4 fresh steps with β from 0 to 2", first.Cached, tr)
	}
	second, tr2, err := TrainTraced(dir, r, train.Head(512), test.Head(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached || len(tr2.Recon) != 4 || tr2.Recon[3] != tr.Recon[3] {
		t.Errorf("second run: cached %v, trace %+v; want the saved model and trace", second.Cached, tr2)
	}
	if err := os.Remove(tracePath(first.Path)); err != nil {
		t.Fatal(err)
	}
	third, tr3, err := TrainTraced(dir, r, train.Head(512), test.Head(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	if third.Cached || len(tr3.KL) != 4 || tr3.KL[3] != tr.KL[3] {
		t.Errorf("trace deleted: cached %v, trace %+v; want the same run trained again", third.Cached, tr3)
	}
	// A damaged trace: trained again, saying why, as a damaged checkpoint is.
	for _, junk := range []string{`{"beta": [0, 1], "recon": [`, `{"beta": [0, 1], "recon": [5], "kl": [1, 2]}`} {
		if err := os.WriteFile(tracePath(first.Path), []byte(junk), 0o644); err != nil {
			t.Fatal(err)
		}
		fourth, tr4, err := TrainTraced(dir, r, train.Head(512), test.Head(100), nil)
		if err != nil {
			t.Fatalf("damaged trace %q: %v", junk, err)
		}
		if fourth.Cached || !strings.Contains(fourth.Replaced, "was damaged") || len(tr4.KL) != 4 {
			t.Errorf("damaged trace %q: cached %v, replaced %q, %d steps; want a retrain saying why", junk, fourth.Cached, fourth.Replaced, len(tr4.KL))
		}
	}
}

func TestSmooth(t *testing.T) {
	for _, tc := range []struct {
		y    []float64
		k    int
		want []float64
	}{
		{[]float64{1, 2, 3, 4}, 1, []float64{1, 2, 3, 4}},
		{[]float64{1, 2, 3, 4}, 2, []float64{1, 1.5, 2.5, 3.5}},
		{[]float64{3, 0, 0, 3}, 3, []float64{3, 1.5, 1, 1}},
		{nil, 5, []float64{}},
	} {
		got := Smooth(tc.y, tc.k)
		if len(got) != len(tc.want) {
			t.Fatalf("Smooth(%v, %d) = %v, want %v", tc.y, tc.k, got, tc.want)
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("Smooth(%v, %d) = %v, want %v", tc.y, tc.k, got, tc.want)
				break
			}
		}
	}
}
