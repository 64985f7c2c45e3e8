package course

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

// plainParts are Parts written as a learner would, in float64 loops, to
// check that functions outside the library plug in.
func plainParts() Parts {
	return Parts{
		BCE: func(x, l []float64) float64 {
			var s float64
			for d := range x {
				s += max(l[d], 0) - x[d]*l[d] + math.Log1p(math.Exp(-math.Abs(l[d])))
			}
			return s
		},
		BCEGrad: func(x, l []float64) []float64 {
			g := make([]float64, len(x))
			for d := range x {
				g[d] = 1/(1+math.Exp(-l[d])) - x[d]
			}
			return g
		},
		Reparam: func(mu, logVar []float64, rng *rand.Rand) (z, eps []float64) {
			z, eps = make([]float64, len(mu)), make([]float64, len(mu))
			for j := range mu {
				eps[j] = rng.NormFloat64()
				z[j] = mu[j] + math.Exp(0.5*logVar[j])*eps[j]
			}
			return z, eps
		},
		ReparamGrad: func(dz, logVar, eps []float64) (dmu, dlogVar []float64) {
			dmu, dlogVar = make([]float64, len(dz)), make([]float64, len(dz))
			for j := range dz {
				dmu[j] = dz[j]
				dlogVar[j] = dz[j] * 0.5 * math.Exp(0.5*logVar[j]) * eps[j]
			}
			return dmu, dlogVar
		},
		KL: func(mu, logVar []float64) float64 {
			var s float64
			for j := range mu {
				s += -0.5 * (1 + logVar[j] - mu[j]*mu[j] - math.Exp(logVar[j]))
			}
			return s
		},
		KLGrad: func(mu, logVar []float64) (dmu, dlogVar []float64) {
			dmu, dlogVar = make([]float64, len(mu)), make([]float64, len(mu))
			for j := range mu {
				dmu[j], dlogVar[j] = mu[j], 0.5*(math.Exp(logVar[j])-1)
			}
			return dmu, dlogVar
		},
	}
}

// TestPartsNetIsTheModel checks that a PartsNet, on the library's parts or
// on plain float64 ones, computes the loss and gradients of vae.Model on
// the same batch and the same ε, to float32 rounding.
func TestPartsNetIsTheModel(t *testing.T) {
	train, _, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	x := train.Images(0, 32)
	for _, tc := range []struct {
		name  string
		parts Parts
		beta  float64
	}{
		{"library parts", Parts{}, 1},
		{"plain parts", plainParts(), 1},
		{"plain parts, β = 4", plainParts(), 4},
		{"plain loss", Parts{BCE: plainParts().BCE, BCEGrad: plainParts().BCEGrad}, 1},
		{"plain sampler", Parts{Reparam: plainParts().Reparam, ReparamGrad: plainParts().ReparamGrad}, 1},
		{"plain KL, β = 4", Parts{KL: plainParts().KL, KLGrad: plainParts().KLGrad}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 64, Latent: 5, Beta: tc.beta, Threads: 1}, 7)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			want := m.Forward(x, rand.New(rand.NewPCG(3, 3)))
			m.ZeroGrad()
			m.Backward(vae.Mat{})
			wantGrads := append([]float32(nil), m.Grads...)

			net := NewPartsNet(m, tc.parts)
			clear(m.Grads)
			got := net.Forward(x, rand.New(rand.NewPCG(3, 3)))
			net.Backward()
			for _, c := range []struct {
				what      string
				want, got float64
			}{{"recon", want.Recon, got.Recon}, {"KL", want.KL, got.KL}, {"total", want.Total, got.Total}} {
				if math.Abs(c.got-c.want) > 1e-5*math.Abs(c.want) {
					t.Errorf("%s: PartsNet %.6f, Model %.6f", c.what, c.got, c.want)
				}
			}
			var worst float64
			var scale float64
			for i := range wantGrads {
				scale = max(scale, math.Abs(float64(wantGrads[i])))
				worst = max(worst, math.Abs(float64(m.Grads[i]-wantGrads[i])))
			}
			if worst > 1e-4*scale {
				t.Errorf("gradients differ by up to %.3g (largest gradient %.3g)", worst, scale)
			}
		})
	}
}

// TestTrainPartsLearns trains two epochs on the small subset and checks
// that the test loss falls below the untrained model's.
func TestTrainPartsLearns(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := vae.New(vae.Config{Kind: vae.VAE, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	before := vae.Evaluate(m, test, rand.New(rand.NewPCG(1, 2))).PerSample()
	h, err := TrainParts(NewPartsNet(m, plainParts()), train, test, 2, 1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := h[len(h)-1].Test
	if !(after.Total < before.Total-100) {
		t.Errorf("test loss %.1f before training, %.1f after two epochs: want a fall of over 100 nats", before.Total, after.Total)
	}
}
