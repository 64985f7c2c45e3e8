package cvae

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBestLabel(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name   string
		scores []float64
		want   int
	}{
		{"lowest wins", []float64{120, 95.5, 130}, 1},
		{"a tie goes to the smaller label", []float64{120, 95.5, 130, 95.5}, 1},
		{"the last label", []float64{3, 2, 1}, 2},
		{"a NaN first never wins", []float64{nan, 120, 101}, 2},
		{"a NaN later never wins", []float64{110, nan, 100}, 2},
		{"an impossible label", []float64{inf, 120, inf}, 1},
		{"every label impossible", []float64{inf, inf}, 0},
		{"all NaN", []float64{nan, nan}, -1},
		{"no labels", nil, -1},
		{"one label", []float64{7}, 0},
	} {
		if got := BestLabel(tc.scores); got != tc.want {
			t.Errorf("%s: BestLabel(%v) = %d, want %d", tc.name, tc.scores, got, tc.want)
		}
	}
}

func TestPosterior(t *testing.T) {
	// Moderate scores, where the textbook formula e^(−s_k)/Σ e^(−s_j) is
	// exact enough in float64 to serve as the reference.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		scores := make([]float64, 1+rng.IntN(12))
		for k := range scores {
			scores[k] = 100 + 5*rng.NormFloat64()
		}
		var z float64
		for _, s := range scores {
			z += math.Exp(-s)
		}
		got := Posterior(scores)
		for k, s := range scores {
			if want := math.Exp(-s) / z; math.Abs(got[k]-want) > 1e-12*want+1e-300 {
				t.Fatalf("Posterior(%v)[%d] = %v, want %v", scores, k, got[k], want)
			}
		}
		if slices.Index(got, slices.Max(got)) != BestLabel(scores) {
			t.Errorf("Posterior(%v) = %v peaks elsewhere than BestLabel %d", scores, got, BestLabel(scores))
		}
	}
	// Shifting every score by a constant changes nothing, even by
	// thousands of nats, where e^(−score) leaves float64's range.
	base := []float64{1.5, 0, 3, 0.25}
	want := Posterior(base)
	for _, shift := range []float64{1000, -1000, 5000} {
		shifted := make([]float64, len(base))
		for k := range base {
			shifted[k] = base[k] + shift
		}
		got := Posterior(shifted)
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-12 {
				t.Errorf("shift %g: Posterior = %v, want %v", shift, got, want)
				break
			}
		}
	}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name   string
		scores []float64
		want   []float64
	}{
		{"equal scores", []float64{130, 130, 130, 130}, []float64{0.25, 0.25, 0.25, 0.25}},
		{"1000 nats apart", []float64{1000, 0}, []float64{0, 1}},
		{"an impossible label", []float64{inf, 5, 5}, []float64{0, 0.5, 0.5}},
		{"one label", []float64{-800}, []float64{1}},
		{"no labels", nil, []float64{}},
	} {
		if got := Posterior(tc.scores); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Posterior(%v) = %v, want %v", tc.name, tc.scores, got, tc.want)
		}
	}
	for _, scores := range [][]float64{{math.NaN(), 1}, {inf, inf}, {math.Inf(-1), 1}} {
		for _, p := range Posterior(scores) {
			if !math.IsNaN(p) {
				t.Errorf("Posterior(%v) = %v, want NaN everywhere", scores, Posterior(scores))
				break
			}
		}
	}
}
