package vae_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

func small(t testing.TB) (train, test *vae.Dataset) {
	t.Helper()
	train, test, err := mnist.Small()
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

func TestTrainingLowersTestLoss(t *testing.T) {
	train, test := small(t)
	for _, kind := range []vae.Kind{vae.AE, vae.VAE} {
		m, err := vae.New(vae.Config{Kind: kind}, 1)
		if err != nil {
			t.Fatal(err)
		}
		before := vae.Evaluate(m, test, rand.New(rand.NewPCG(1, 1))).PerSample().Total
		hist, err := vae.Train(m, train, test, vae.TrainConfig{Epochs: 3, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		after := hist[len(hist)-1].Test.Total
		// An untrained decoder outputs ~0.5 everywhere: ~543 nats per digit
		// (784·log 2). Three epochs over 1,000 digits bring the VAE to ~226
		// and the AE lower; asking for less than 60% of the start leaves
		// room for seeds and thread counts while catching a model that does
		// not learn.
		if after > 0.6*before {
			t.Errorf("%v: test loss %.1f → %.1f after 3 epochs; want below 60%% of the start", kind, before, after)
		}
		t.Logf("%v: test loss per digit %.1f → %.1f", kind, before, after)
	}
}

func TestSameSeedSameLosses(t *testing.T) {
	train, test := small(t)
	run := func() []vae.Epoch {
		m, _ := vae.New(vae.Config{Kind: vae.VAE, Threads: 2}, 7)
		h, err := vae.Train(m, train.Head(400), test.Head(100), vae.TrainConfig{Epochs: 2, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	a, b := run(), run()
	for i := range a {
		if a[i].Train != b[i].Train || a[i].Test != b[i].Test {
			t.Errorf("epoch %d: losses %+v and %+v differ with the same seed", i+1, a[i].Train, b[i].Train)
		}
	}
}

func TestTrainRejectsBadSettings(t *testing.T) {
	train, test := small(t)
	m, _ := vae.New(vae.Config{Kind: vae.VAE}, 1)
	for _, tc := range []vae.TrainConfig{
		{Batch: -1}, {LR: -0.1}, {LR: math.NaN()}, {Epochs: -2}, {Optimizer: "rmsprop"},
	} {
		if _, err := vae.Train(m, train, test, tc); err == nil {
			t.Errorf("Train(%+v) gave no error", tc)
		}
	}
	wrong, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 100}, 1)
	if _, err := vae.Train(wrong, train, test, vae.TrainConfig{Epochs: 1}); err == nil {
		t.Error("training a 100-input model on 784-pixel digits gave no error")
	}
}

func TestDivergingTrainingStopsWithError(t *testing.T) {
	train, _ := small(t)
	m, _ := vae.New(vae.Config{Kind: vae.VAE}, 1)
	_, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 5, LR: 1e6, Optimizer: "sgd"})
	if err == nil {
		t.Fatal("SGD with learning rate 1e6 trained without error")
	}
	t.Log(err)
}

func TestTrainHooks(t *testing.T) {
	train, _ := small(t)
	train = train.Head(256)
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 32, Latent: 4}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var betas []float64
	corrupted := 0
	cfg := vae.TrainConfig{
		Epochs: 2, Batch: 64, Seed: 1, Binarize: true,
		BetaSchedule: func(step int) float64 { return float64(step) / 8 },
		Corrupt: func(noisy, clean vae.Mat, rng *rand.Rand) {
			corrupted++
			for i, v := range clean.Data {
				if v != 0 && v != 1 {
					t.Fatalf("Binarize: clean batch holds %v, want 0 or 1", v)
				}
				noisy.Data[i] = 1 - v
			}
		},
		OnStep: func(vae.Step) { betas = append(betas, m.Config.Beta) },
	}
	if _, err := vae.Train(m, train, nil, cfg); err != nil {
		t.Fatal(err)
	}
	if corrupted != 8 || len(betas) != 8 {
		t.Fatalf("8 steps: Corrupt ran %d times, OnStep %d", corrupted, len(betas))
	}
	for i, b := range betas {
		if b != float64(i)/8 {
			t.Errorf("step %d trained with β = %v, want %v", i, b, float64(i)/8)
		}
	}
}
