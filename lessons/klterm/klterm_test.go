package klterm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

func TestConvergence(t *testing.T) {
	mu, lv := []float64{1, -0.5, 0.2}, []float64{-1, 0.5, 0}
	exact := ClosedForm(mu, lv)
	est := Convergence(mu, lv, []int{10, 1000, 100000}, rand.New(rand.NewPCG(1, 1)))
	for _, e := range est {
		if math.Abs(e.Mean-exact) > 4*e.StdError {
			t.Errorf("K=%d: %.4f ± %.4f, closed form %.4f", e.K, e.Mean, e.StdError, exact)
		}
	}
	// Standard error shrinks as 1/√K: 100× the samples, 1/10 the error
	// (within 30% for the sampling noise of the error itself).
	if r := est[1].StdError / est[2].StdError; r < 7 || r > 13 {
		t.Errorf("standard error ratio between K=1000 and K=100000 is %.2f, want about 10", r)
	}
}

func TestClosedFormMatchesLibrary(t *testing.T) {
	mu, lv := []float64{0.5, -2}, []float64{0.3, -0.7}
	lib := vae.KLForward(vae.MatFrom(1, 2, []float32{0.5, -2}), vae.MatFrom(1, 2, []float32{0.3, -0.7}), vae.Mat{}, nil)
	if got := ClosedForm(mu, lv); math.Abs(got-lib) > 1e-6 {
		t.Errorf("ClosedForm = %.7f, vae.KLForward = %.7f", got, lib)
	}
}

func TestPerDimSumsToTheKLTerm(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Hidden: 64, Latent: 5}, 1)
	if _, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	x := test.Images(0, 100)
	per := PerDim(m, x)
	mu, lv := m.Encode(x)
	var sum float64
	for _, v := range per {
		sum += v
	}
	if want := vae.KLForward(mu, lv, vae.Mat{}, nil) / 100; math.Abs(sum-want) > 1e-4*want {
		t.Errorf("per-dimension KL sums to %.5f, the KL term is %.5f", sum, want)
	}
	if a := Active(per, 0); a != len(per) {
		t.Errorf("Active(threshold 0) = %d of %d; KL is never negative", a, len(per))
	}
	if Active([]float64{0.001, 0.5, 2}, 0.01) != 2 {
		t.Error("Active miscounts")
	}
}
