package likelihood

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

func TestBoundRisesWithK(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	for _, lik := range []vae.Likelihood{vae.Bernoulli, vae.Gaussian} {
		m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 64, Latent: 5, Likelihood: lik}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 3, Seed: 1, Binarize: true}); err != nil {
			t.Fatal(err)
		}
		x := Binarize(test, 1).Images(0, 20)
		tab := Table(LogWeights(m, x, 1000, ModelNLL(m), rand.New(rand.NewPCG(1, 1))), []int{1, 10, 100, 1000})
		for i := 1; i < len(tab); i++ {
			prev, e := tab[i-1], tab[i]
			if e.Mean < prev.Mean {
				t.Errorf("%v: L_%d = %.3f is below L_%d = %.3f", lik, e.K, e.Mean, prev.K, prev.Mean)
			}
		}
		// From the ELBO to k = 1000 the rise is many standard errors wide:
		// a bound that did not rise could not pass.
		if last := tab[len(tab)-1]; last.Gain < 4*last.GainStdError || last.Gain <= 0 {
			t.Errorf("%v: L_1000 − ELBO = %.3f ± %.3f, want a clear rise", lik, last.Gain, last.GainStdError)
		}
		if tab[0].Gain != 0 || tab[0].N != 20 {
			t.Errorf("%v: first row %+v, want the ELBO itself (gain 0) over 20 digits", lik, tab[0])
		}
	}
}

func TestBinarize(t *testing.T) {
	_, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := Binarize(test, 1), Binarize(test, 1), Binarize(test, 2)
	if string(a.Pixels) != string(b.Pixels) {
		t.Error("the same seed gave different binarizations")
	}
	if string(a.Pixels) == string(c.Pixels) {
		t.Error("different seeds gave the same binarization")
	}
	var grey, black float64
	for i, p := range test.Pixels {
		q := a.Pixels[i]
		if q != 0 && q != 255 || p == 0 && q != 0 || p == 255 && q != 255 {
			t.Fatalf("pixel %d: grey %d became %d", i, p, q)
		}
		grey += float64(p) / 255
		black += float64(q) / 255
	}
	// Each pixel is black with probability p/255, so the expected ink is
	// the total grey; its standard deviation is below √N/2 ≈ 310 here.
	if math.Abs(black-grey) > 5*math.Sqrt(float64(len(test.Pixels)))/2 {
		t.Errorf("binarized ink %.0f, grey ink %.0f", black, grey)
	}
	if a.N != test.N || a.Dim != test.Dim || len(a.Labels) != test.N {
		t.Error("Binarize lost the shape or labels")
	}
}

func TestRoundedGaussianIsAMass(t *testing.T) {
	for _, tc := range []struct {
		logit, s float64
	}{{0, 0.1}, {3, 0.1}, {-3, 0.1}, {0.2, 1}, {-12, 0.05}} {
		logits := vae.MatFrom(2, 1, []float32{float32(tc.logit), float32(tc.logit)})
		rows := make([]float64, 2)
		RoundedGaussianNLL(tc.s)(logits, vae.MatFrom(2, 1, []float32{1, 0}), rows)
		p1, p0 := math.Exp(-rows[0]), math.Exp(-rows[1])
		if math.Abs(p1+p0-1) > 1e-12 {
			t.Errorf("logit %g, s %g: P(1) + P(0) = %.15f, want 1", tc.logit, tc.s, p1+p0)
		}
		mu := 1 / (1 + math.Exp(-tc.logit))
		if (mu > 0.5) != (p1 > 0.5) && mu != 0.5 {
			t.Errorf("logit %g: mean %.3f but P(1) = %.3f", tc.logit, mu, p1)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a grey target did not panic")
		}
	}()
	RoundedGaussianNLL(0.1)(vae.NewMat(1, 1), vae.MatFrom(1, 1, []float32{0.5}), make([]float64, 1))
}
