package vae_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
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

func TestTrainRejectsBadSettings(t *testing.T) {
	train, test := small(t)
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 2}, 1)
	defer m.Close()
	for _, tc := range []struct {
		cfg  vae.TrainConfig
		want string
	}{
		{vae.TrainConfig{Batch: -1}, "batch size must be positive, got -1: use e.g. 128"},
		{vae.TrainConfig{LR: -0.1}, "learning rate must be a positive number, got -0.1"},
		{vae.TrainConfig{LR: math.NaN()}, "learning rate must be a positive number, got NaN"},
		{vae.TrainConfig{LR: math.Inf(1)}, "learning rate must be a positive number, got +Inf"},
		{vae.TrainConfig{Epochs: -2}, "epochs must be positive, got -2"},
		{vae.TrainConfig{Optimizer: "rmsprop"}, `optimizer "rmsprop": use adam or sgd`},
		{vae.TrainConfig{Checkpoint: "/no/such/folder/m.ckpt"}, "create the folder or choose another path"},
	} {
		_, err := vae.Train(m, train, test, tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Train(%+v): error %v, want one containing %q", tc.cfg, err, tc.want)
		}
	}
	wrong, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 100}, 1)
	defer wrong.Close()
	_, err := vae.Train(wrong, train, test, vae.TrainConfig{Epochs: 1})
	if err == nil || !strings.Contains(err.Error(), "has 784 pixels per example but the model takes 100") {
		t.Errorf("training a 100-input model on 784-pixel digits: error %v", err)
	}
}

func TestNewRejectsBadConfigs(t *testing.T) {
	for _, tc := range []struct {
		cfg  vae.Config
		want string
	}{
		{vae.Config{Latent: -1}, "sizes must be positive (or 0 for the default)"},
		{vae.Config{Hidden: 1 << 40}, "use a smaller hidden size"},
		{vae.Config{Hidden: math.MaxInt}, "use a smaller hidden size"},
		{vae.Config{Sigma: math.NaN(), Likelihood: vae.Gaussian}, "sigma must be a positive number, got NaN"},
		{vae.Config{Beta: math.Inf(1)}, "beta must be a number >= 0, got +Inf"},
		{vae.Config{Beta: 1e39}, "beyond float32's range"}, // a float64, but Inf as the float32 that scales the KL gradient
		{vae.Config{Threads: -1}, "threads must be in [0, 1024], got -1"},
		{vae.Config{Kind: vae.Kind(7)}, "use AE or VAE"},
	} {
		m, err := vae.New(tc.cfg, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): error %v, want one containing %q", tc.cfg, err, tc.want)
		}
		if m != nil {
			m.Close()
		}
	}
	// Zero sizes mean the defaults, documented on Config.
	m, err := vae.New(vae.Config{Latent: 0}, 1)
	if err != nil || m.Config.Latent != 20 {
		t.Fatalf("New with latent 0: %v, %v; want the default latent size 20", m, err)
	}
	m.Close()
}

// nanAt returns a Corrupt hook that copies clean into noisy and, at global
// step bad (0-based), writes NaN into one pixel.
func nanAt(bad int) func(noisy, clean vae.Mat, rng *rand.Rand) {
	step := 0
	return func(noisy, clean vae.Mat, rng *rand.Rand) {
		copy(noisy.Data, clean.Data)
		if step == bad {
			noisy.Data[3] = float32(math.NaN())
		}
		step++
	}
}

func TestNaNStopsTrainingAndKeepsCheckpoint(t *testing.T) {
	train, _ := small(t)
	path := filepath.Join(t.TempDir(), "m.ckpt")
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Hidden: 32, Latent: 4}, 1)
	defer m.Close()
	// 1,000 digits in batches of 128 are 8 steps an epoch: global step 17
	// (0-based) is epoch 3, step 2.
	var atEpoch2 []float32
	var fileAtEpoch2 []byte
	cfg := vae.TrainConfig{Epochs: 4, Seed: 1, Checkpoint: path, Corrupt: nanAt(17),
		OnEpoch: func(e vae.Epoch) {
			if e.Epoch == 2 {
				atEpoch2 = append([]float32(nil), m.Params...)
				fileAtEpoch2, _ = os.ReadFile(path)
			}
		}}
	hist, err := vae.Train(m, train, nil, cfg)
	var nf *vae.NonFiniteError
	if !errors.As(err, &nf) {
		t.Fatalf("a NaN in the input at epoch 3 step 2 gave error %v, want a *NonFiniteError", err)
	}
	t.Log(err)
	if nf.Epoch != 3 || nf.Step != 2 || nf.Where != "input batch" || !strings.Contains(nf.Cause, "Corrupt hook") {
		t.Errorf("error at epoch %d step %d in %q, cause %q; want epoch 3 step 2, input batch, the Corrupt hook", nf.Epoch, nf.Step, nf.Where, nf.Cause)
	}
	if want := "the last good checkpoint (epoch 2) is kept at " + path; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	if len(hist) != 2 {
		t.Errorf("history has %d epochs, want the 2 that finished", len(hist))
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, fileAtEpoch2) {
		t.Error("the checkpoint file changed after epoch 2")
	}
	saved, err := vae.Load(path, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer saved.Close()
	for i, p := range saved.Params {
		if math.Float32bits(p) != math.Float32bits(atEpoch2[i]) {
			t.Fatalf("checkpoint parameter %d is %v, want %v as at the end of epoch 2", i, p, atEpoch2[i])
		}
	}
}

func TestNaNBeforeFirstEpochWritesNoCheckpoint(t *testing.T) {
	train, _ := small(t)
	path := filepath.Join(t.TempDir(), "m.ckpt")
	m, _ := vae.New(vae.Config{Kind: vae.AE, Hidden: 32, Latent: 4}, 1)
	defer m.Close()
	_, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 2, Checkpoint: path, Corrupt: nanAt(0)})
	if err == nil || !strings.Contains(err.Error(), "epoch 1 step 1: input batch is not finite") ||
		!strings.Contains(err.Error(), "no epoch finished, so no checkpoint was written to "+path) {
		t.Errorf("NaN at the first step: error %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("checkpoint %s exists (stat: %v) though no epoch finished", path, err)
	}
}

func TestDivergingTrainingStopsWithError(t *testing.T) {
	train, _ := small(t)
	for _, tc := range []struct {
		name  string
		model vae.Config
		train vae.TrainConfig
		cause string
	}{
		{"SGD, learning rate 1e6", vae.Config{Kind: vae.VAE}, vae.TrainConfig{LR: 1e6, Optimizer: "sgd"}, "learning rate (1e+06) is likely too high"},
		{"Adam, learning rate 10", vae.Config{Kind: vae.VAE}, vae.TrainConfig{LR: 10}, "learning rate (10) is likely too high"},
		{"β schedule gives NaN", vae.Config{Kind: vae.VAE, Hidden: 32}, vae.TrainConfig{BetaSchedule: func(int) float64 { return math.NaN() }}, "BetaSchedule returned it"},
		{"Gaussian σ 1e-30", vae.Config{Kind: vae.AE, Likelihood: vae.Gaussian, Sigma: 1e-30}, vae.TrainConfig{}, "σ (1e-30) is so small"},
	} {
		m, _ := vae.New(tc.model, 1)
		tc.train.Epochs = 5
		_, err := vae.Train(m, train, nil, tc.train)
		m.Close()
		var nf *vae.NonFiniteError
		if !errors.As(err, &nf) {
			t.Errorf("%s: error %v, want a *NonFiniteError", tc.name, err)
			continue
		}
		t.Logf("%s: %v", tc.name, err)
		if nf.Where == "" || nf.Where == "loss" || !strings.Contains(nf.Cause, tc.cause) {
			t.Errorf("%s: error names %q with cause %q; want a layer, and a cause containing %q", tc.name, nf.Where, nf.Cause, tc.cause)
		}
	}
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
		OnStep: func(s vae.Step) { betas = append(betas, s.Beta) },
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

// run is one seeded training run's per-step losses and final parameters.
type run struct {
	losses []vae.Loss
	params []float32
}

func trainRun(t *testing.T, train, test *vae.Dataset, threads int) run {
	t.Helper()
	m, err := vae.New(vae.Config{Kind: vae.VAE, Threads: threads}, 7)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var r run
	cfg := vae.TrainConfig{Epochs: 2, Seed: 7, OnStep: func(s vae.Step) { r.losses = append(r.losses, s.Loss) }}
	if _, err := vae.Train(m, train, test, cfg); err != nil {
		t.Fatal(err)
	}
	r.params = append([]float32(nil), m.Params...)
	return r
}

// diff returns where two runs first differ in their bits, or "".
func diff(a, b run) string {
	bits := math.Float64bits
	for i := range a.losses {
		la, lb := a.losses[i], b.losses[i]
		if bits(la.Total) != bits(lb.Total) || bits(la.Recon) != bits(lb.Recon) || bits(la.KL) != bits(lb.KL) {
			return fmt.Sprintf("step %d loss %v vs %v", i+1, la, lb)
		}
	}
	n := 0
	for i := range a.params {
		if math.Float32bits(a.params[i]) != math.Float32bits(b.params[i]) {
			n++
		}
	}
	if n > 0 {
		return fmt.Sprintf("%d of %d final parameters", n, len(a.params))
	}
	return ""
}

// TestSameSeedSameBits trains the default 784-400-20 VAE twice for each
// thread count and asks for bit-identical per-step losses and parameters,
// and for the same bits with 1 and 2 threads: the matmul splits its work
// by whole output tiles, each summed over k in the same order whatever the
// split, so the thread count changes who computes a tile, not its value.
// (The micro-kernel, VAE_GEMM, does change the bits.)
func TestSameSeedSameBits(t *testing.T) {
	train, test := small(t)
	train, test = train.Head(512), test.Head(100)
	runs := map[int]run{}
	for _, threads := range []int{1, 2} {
		a, b := trainRun(t, train, test, threads), trainRun(t, train, test, threads)
		if len(a.losses) != 8 {
			t.Fatalf("%d steps recorded, want 2 epochs × 4", len(a.losses))
		}
		if d := diff(a, b); d != "" {
			t.Errorf("threads %d: two runs with seed 7 differ: %s", threads, d)
		}
		runs[threads] = a
	}
	if d := diff(runs[1], runs[2]); d != "" {
		t.Errorf("threads 1 and 2 differ: %s", d)
	}
}

// A warm-up still under way when training ends must not leave its β in
// the model: checkpoints and evaluation use the model's own.
func TestBetaScheduleLeavesTheModelsBeta(t *testing.T) {
	train, test := small(t)
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 2, Beta: 4}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var during []float64
	cfg := vae.TrainConfig{Epochs: 2, Batch: 500, Seed: 1,
		BetaSchedule: func(step int) float64 { return float64(step) / 100 },
		OnStep: func(s vae.Step) {
			during = append(during, s.Beta)
			if m.Config.Beta != 4 {
				t.Errorf("β in the model's config during training %v, want its own 4", m.Config.Beta)
			}
			if tot := s.Loss.Recon + s.Beta*s.Loss.KL; math.Abs(s.Loss.Total-tot) > 1e-9*tot {
				t.Errorf("step loss %v, want Recon + β·KL = %v with the step's β %v", s.Loss.Total, tot, s.Beta)
			}
		},
		OnEpoch: func(vae.Epoch) {
			if m.Config.Beta != 4 {
				t.Errorf("β during evaluation %v, want the model's 4", m.Config.Beta)
			}
		}}
	if _, err := vae.Train(m, train.Head(1000), test.Head(100), cfg); err != nil {
		t.Fatal(err)
	}
	if want := []float64{0, 0.01, 0.02, 0.03}; fmt.Sprint(during) != fmt.Sprint(want) {
		t.Errorf("β at the steps %v, want %v", during, want)
	}
	if m.Config.Beta != 4 {
		t.Errorf("β after training %v, want the model's 4", m.Config.Beta)
	}
}
