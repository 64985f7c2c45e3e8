package priors

import (
	"math"
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/course"
)

func TestLogMixture(t *testing.T) {
	z := []float64{0.5, -1}
	one := [][]float64{{0, 0}}
	zero := [][]float64{{0, 0}}
	// One component is that Gaussian.
	if got, want := LogMixture(z, one, zero, []float64{3}, nil), LogNormal(z, one[0], zero[0]); math.Abs(got-want) > 1e-12 {
		t.Errorf("one component: %g, want %g", got, want)
	}
	// Two equal components are one.
	two := [][]float64{{0, 0}, {0, 0}}
	if got, want := LogMixture(z, two, two, []float64{-1, 2}, nil), LogNormal(z, one[0], zero[0]); math.Abs(got-want) > 1e-12 {
		t.Errorf("two equal components: %g, want %g", got, want)
	}
	// Far from every component, where each density underflows to 0, the
	// log-density is still finite and near the nearest component's.
	far := []float64{60, 0}
	means := [][]float64{{0, 0}, {20, 0}}
	resp := make([]float64, 2)
	got := LogMixture(far, means, [][]float64{{0, 0}, {0, 0}}, []float64{0, 0}, resp)
	want := math.Log(0.5) + LogNormal(far, means[1], []float64{0, 0})
	if math.IsInf(got, 0) || math.Abs(got-want) > 1e-9 || resp[1] < 1-1e-12 {
		t.Errorf("far: log p %g (want %g), responsibilities %v", got, want, resp)
	}
	if math.Exp(LogNormal(far, means[1], []float64{0, 0})) != 0 {
		t.Error("the test point is not far enough for the densities to underflow")
	}
}

// With the pseudo-inputs set to the inside digits themselves, the
// VampPrior is the aggregate posterior, and Holes finds about the 1% its
// threshold lets through.
func TestHolesOfThePriorThatIsTheAggregatePosterior(t *testing.T) {
	_, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	inside, reference := test.Images(0, 200), test.Images(200, 400)
	m, err := New(Config{Prior: Vamp, Hidden: 32, Latent: 4, Components: 200, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	copy(m.Pseudo.W, inside.Data)
	if h := m.Holes(inside, reference, 4000, newRNG(2)); h > 0.04 {
		t.Errorf("holes %.3f, want about 0.01", h)
	}
	// A prior far from every code is all holes.
	wide, err := New(Config{Prior: MoG, Hidden: 32, Latent: 4, Components: 1, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer wide.Close()
	for i := range wide.Means.W {
		wide.Means.W[i] = 50
	}
	if h := wide.Holes(inside, reference, 1000, newRNG(2)); h < 0.99 {
		t.Errorf("a prior at distance 100: holes %.3f, want all of them", h)
	}
}

// LogWeights at one sample is the negative of Forward's loss, sample for
// sample, and NLL lies below the ELBO's loss on average.
func TestLogWeightsAndNLL(t *testing.T) {
	for _, prior := range []string{Standard, MoG, Vamp} {
		m, err := New(Config{Prior: prior, Hidden: 16, Latent: 3, Threads: 1}, 4)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		_, test, err := course.Data("mnist-small")
		if err != nil {
			t.Fatal(err)
		}
		x := test.Images(0, 5)
		var elbo, nll float64
		for n := range 5 {
			w := m.LogWeights(x.Slice(n, n+1), 1, newRNG(uint64(10+n)))
			l := m.Forward(x.Slice(n, n+1), newRNG(uint64(10+n)))
			if math.Abs(w[0][0]+l.Total) > 1e-6*math.Abs(l.Total) {
				t.Errorf("%s digit %d: log weight %.6f, −loss %.6f with the same ε", prior, n, w[0][0], -l.Total)
			}
			elbo += l.Total
		}
		for _, v := range m.NLL(x, 200, newRNG(11)) {
			nll += v
		}
		if !(nll < elbo) {
			t.Errorf("%s: NLL by 200 samples %.2f, not below the one-sample loss %.2f", prior, nll/5, elbo/5)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{Config{Prior: "flow"}, `prior "flow": use "standard", "mog" or "vamp"`},
		{Config{Latent: -1}, "sizes must be positive"},
		{Config{Prior: Standard, Components: 3}, "has no components"},
	} {
		if _, err := New(tc.c, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want %q", tc.c, err, tc.want)
		}
	}
	m, err := New(Config{Prior: Vamp}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Config.Components != 50 || len(m.Pseudo.W) != 50*Input || m.String() != "VAE 784-400-20 with a VampPrior of 50 pseudo-inputs" {
		t.Errorf("defaults: %+v, %v", m.Config, m)
	}
}

// SetLogMixture's function is what a mixture model's log p(z) comes from.
func TestSetLogMixture(t *testing.T) {
	m, err := New(Config{Prior: MoG, Hidden: 8, Latent: 2, Components: 3, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	_, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	x := test.Images(0, 2)
	base := m.LogWeights(x, 3, newRNG(1))
	m.SetLogMixture(func(z []float64, means, logVars [][]float64, logits []float64) float64 {
		return LogMixture(z, means, logVars, logits, nil) + 1
	})
	shifted := m.LogWeights(x, 3, newRNG(1))
	for n := range base {
		for i := range base[n] {
			if d := shifted[n][i] - base[n][i]; math.Abs(d-1) > 1e-9 {
				t.Fatalf("log weight moved by %g, want the function's +1", d)
			}
		}
	}
}
