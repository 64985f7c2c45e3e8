package vqvae

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

func TestQuantizeForward(t *testing.T) {
	book, blk := table([][]float64{{0, 0}, {1, 1}, {-2, 0.5}})
	defer blk.Close()
	// Two rows of two 2-vectors each; squared distances to the codes:
	// (0.9, 1.2): 2.25, 0.05, 8.9; (0.1, −0.1): 0.02, 2.02, 4.77;
	// (−1.5, 0.5): 2.5, 6.5, 0.25; (0.6, 0.5): 0.61, 0.41, 6.76.
	ze := vae.MatFrom(2, 4, []float32{0.9, 1.2, 0.1, -0.1, -1.5, 0.5, 0.6, 0.5})
	zq := vae.NewMat(2, 4)
	codes := make([]int32, 4)
	rows := make([]float64, 2)
	total := QuantizeForward(zq, codes, ze, book, rows)
	if !slices.Equal(codes, []int32{1, 0, 2, 1}) {
		t.Errorf("codes %v, want [1 0 2 1]", codes)
	}
	if want := []float32{1, 1, 0, 0, -2, 0.5, 1, 1}; !slices.Equal(zq.Data, want) {
		t.Errorf("zq %v, want the codes' vectors %v", zq.Data, want)
	}
	for i, want := range []float64{0.05 + 0.02, 0.25 + 0.41} {
		if math.Abs(rows[i]-want) > 1e-6 {
			t.Errorf("row %d: Σ‖ze − e‖² = %g, want %g", i, rows[i], want)
		}
	}
	if math.Abs(total-0.73) > 1e-6 {
		t.Errorf("total %g, want 0.73", total)
	}
}

// TestRestart: with every vector nearest to code 0, the other codes are
// dead; after RestartEvery steps a model with Restart moves them onto
// encoder outputs, and one without leaves them.
func TestRestart(t *testing.T) {
	for _, restart := range []bool{false, true} {
		m, err := New(Config{Codes: 6, Dim: 2, C1: 2, Restart: restart, Threads: 1}, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		for c := 1; c < 6; c++ {
			m.Codebook.Row(c)[0] = 1e3 // far from every encoder output
		}
		x := gradcheck.Digits(4, newRNG(5))
		for range RestartEvery {
			m.Forward(x, nil)
			m.AfterStep()
		}
		u := m.Usage()
		if len(u) != 1 || u[0].Step != RestartEvery || u[0].Used != 1 {
			t.Fatalf("restart %v: usage %+v, want one window of %d steps with 1 code used", restart, u, RestartEvery)
		}
		moved := 0
		for c := 1; c < 6; c++ {
			if m.Codebook.Row(c)[0] != 1e3 {
				moved++
				v := m.Codebook.Row(c)
				found := false
				for n := 0; n+2 <= len(m.acts.ze.Data); n += 2 {
					found = found || (m.acts.ze.Data[n] == v[0] && m.acts.ze.Data[n+1] == v[1])
				}
				if !found {
					t.Errorf("code %d restarted at %v, which is no encoder output of the last batch", c, v)
				}
			}
		}
		if want := map[bool]int{false: 0, true: 5}[restart]; moved != want || u[0].Restarted != want {
			t.Errorf("restart %v: %d codes moved, %d recorded; want %d", restart, moved, u[0].Restarted, want)
		}
	}
}

func TestPrior(t *testing.T) {
	// Grids where each code is its left neighbour's plus one, mod K, and
	// the first of a row is the code above it: a rule the prior can learn.
	const k = 4
	rng := rand.New(rand.NewPCG(1, 1))
	grids := make([][]int32, 300)
	for g := range grids {
		grid := make([]int32, Positions)
		for i := range grid {
			switch {
			case i == 0:
				grid[i] = int32(rng.IntN(k))
			case i%Grid == 0:
				grid[i] = grid[i-Grid]
			default:
				grid[i] = (grid[i-1] + 1) % k
			}
		}
		grids[g] = grid
	}
	p, err := FitPrior(grids, k, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	uniform := Positions * math.Log(k)
	if nll := p.NLL(grids[0]); !(nll < 0.1*uniform) {
		t.Errorf("−log p of a training grid %.2f nats, want far below the uniform prior's %.2f", nll, uniform)
	}
	for _, s := range p.Sample(20, rand.New(rand.NewPCG(2, 2))) {
		for i := 1; i < Positions; i++ {
			if i%Grid != 0 && s[i] != (s[i-1]+1)%k {
				t.Fatalf("a sample breaks the rule at position %d: %v", i, s)
			}
		}
	}
	for i := range Positions {
		if sum := floatSum(p.Probs(grids[0], i)); math.Abs(sum-1) > 1e-12 {
			t.Fatalf("probabilities at %d sum to %g", i, sum)
		}
	}
	for _, tc := range []struct {
		grids [][]int32
		alpha float64
		want  string
	}{
		{[][]int32{{1, 2}}, 1, "grid 0 has 2 codes, want 49"},
		{[][]int32{append(make([]int32, 48), 9)}, 1, "code 9, outside 0 … 3"},
		{grids, 0, "α = 0"},
	} {
		if _, err := FitPrior(tc.grids, k, tc.alpha); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("FitPrior: %v, want an error saying %q", err, tc.want)
		}
	}
}

func floatSum(v []float64) (s float64) {
	for _, x := range v {
		s += x
	}
	return s
}

// TestKeptWithItsUsage: the model's codebook use over training is kept in
// its checkpoint and comes back with it; the bound's KL is P·log K.
func TestKeptWithItsUsage(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRecipe("mnist-small", 1, true)
	r.Model.C1, r.Model.Codes, r.Train.Batch = 4, 8, 4 // 250 steps: two windows
	dir := t.TempDir()
	first, err := course.TrainNetOrLoad(dir, r, New, train.Head(1000), test.Head(100), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Model.Close()
	if len(first.Model.Usage()) != 2 {
		t.Fatalf("usage %+v, want two windows", first.Model.Usage())
	}
	again, err := course.TrainNetOrLoad(dir, r, New, train.Head(1000), test.Head(100), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Model.Close()
	if !again.Cached || !slices.Equal(again.Model.Usage(), first.Model.Usage()) {
		t.Errorf("loaded: cached %v, usage %+v; want %+v", again.Cached, again.Model.Usage(), first.Model.Usage())
	}
	e := first.History[0]
	if kl := Positions * math.Log(8); math.Abs(e.Test.KL-kl) > 1e-9 {
		t.Errorf("test KL %g per digit, want P·log K = %g", e.Test.KL, kl)
	}
}
