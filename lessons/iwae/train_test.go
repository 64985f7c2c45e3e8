package iwae

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// small is a model trained on the 1,000-digit MNIST subset, shared by the
// tests that measure what training achieved: a narrower model than the
// table's and a larger step, 8 steps an epoch, a few seconds in all.
var small struct {
	once        sync.Once
	m           *Model
	hist        []vae.Epoch
	train, test *vae.Dataset
	err         error
}

var (
	smallConfig = Config{Hidden: []int{100}, Latent: 10}
	smallTrain  = TrainConfig{K: 5, Epochs: 15, LR: 3e-3, Seed: 1}
)

func trained(t *testing.T) (*Model, []vae.Epoch, *vae.Dataset) {
	t.Helper()
	small.once.Do(func() {
		small.train, small.test, small.err = course.Data("mnist-small")
		if small.err != nil {
			return
		}
		small.test = likelihood.Binarize(small.test, 1)
		if small.m, small.err = New(smallConfig, 1); small.err != nil {
			return
		}
		small.hist, small.err = Train(small.m, small.train, small.test, smallTrain)
	})
	if small.err != nil {
		t.Fatal(small.err)
	}
	return small.m, small.hist, small.test
}

func TestTrainingLowersTheTestBound(t *testing.T) {
	_, hist, _ := trained(t)
	first, last := hist[0].Test, hist[len(hist)-1].Test
	t.Logf("test −L_5 per digit: epoch 1 %.1f, epoch %d %.1f (recon %.1f + KL %.1f)", first.Total, len(hist), last.Total, last.Recon, last.KL)
	if !(last.Total < first.Total-30) {
		t.Errorf("test −L_5 went from %.1f to %.1f, want a drop of more than 30 nats", first.Total, last.Total)
	}
	for _, e := range hist {
		// −L_5 ≤ −L_1 on the same samples (Jensen), within rounding.
		if e.Test.Total > e.Test.Recon+e.Test.KL+1e-6 || e.Train.Total > e.Train.Recon+e.Train.KL+1e-6 {
			t.Errorf("epoch %d: −L_5 %.3f (test) %.3f (train) above the same samples' −ELBO %.3f, %.3f",
				e.Epoch, e.Test.Total, e.Train.Total, e.Test.Recon+e.Test.KL, e.Train.Recon+e.Train.KL)
		}
	}
}

// TestBoundRisesWithK measures E[L_k] at k = 1, 5, 50 on the trained
// model's test digits from the same 1,000 samples per digit (disjoint
// groups, likelihood.Bound): each must rise, by more than three standard
// errors of the per-digit differences.
func TestBoundRisesWithK(t *testing.T) {
	m, _, test := trained(t)
	d := test.Head(100)
	logw := LogWeights(m, d.Images(0, d.N), 1000, newRNG(9))
	ks := []int{1, 5, 50}
	for i := 1; i < len(ks); i++ {
		diff := make([]float64, len(logw))
		for n, w := range logw {
			diff[n] = likelihood.Bound(w, ks[i]) - likelihood.Bound(w, ks[i-1])
		}
		mean, se := likelihood.MeanSE(diff)
		t.Logf("E[L_%d] − E[L_%d] = %.3f ± %.3f nats", ks[i], ks[i-1], mean, se)
		if !(mean > 3*se && se > 0) {
			t.Errorf("E[L_%d] − E[L_%d] = %.3f ± %.3f: not clearly above 0", ks[i], ks[i-1], mean, se)
		}
	}
}

// TestLogLikelihood checks the estimate's fields on the trained model:
// L_k at k = 200 above its ELBO and below 0, the standard errors finite,
// progress reported for every digit.
func TestLogLikelihood(t *testing.T) {
	m, _, test := trained(t)
	d := test.Head(50)
	calls := 0
	e, err := LogLikelihood(m, d, 200, newRNG(4), func(done, total int) {
		calls++
		if done != calls || total != d.N {
			t.Fatalf("progress(%d, %d) at call %d of %d digits", done, total, calls, d.N)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("L_200 = %.2f ± %.2f, %.2f ± %.2f above the ELBO", e.Mean, e.StdError, e.Gain, e.GainStdError)
	if calls != d.N || e.N != d.N || e.K != 200 {
		t.Errorf("%d progress calls, estimate of %d digits at k = %d; want %d, %d, 200", calls, e.N, e.K, d.N, d.N)
	}
	if !(e.Mean < 0 && e.Gain > 0 && e.StdError > 0 && e.GainStdError > 0 && e.GainStdError < e.Gain) {
		t.Errorf("estimate %+v: want L_k < 0, a gain over the ELBO clearly above 0, positive standard errors", e)
	}
	if _, err := LogLikelihood(m, small.train.Head(10), 10, newRNG(4), nil); err == nil || !strings.Contains(err.Error(), "binarize it once with likelihood.Binarize") {
		t.Errorf("grey digits: error %v, want one saying to binarize them", err)
	}
}

// TestResume trains two epochs into a checkpoint, then asks for three:
// only the third is trained, the first two are those of the file, and
// the parameters after them are the file's. Asking for two again trains
// nothing.
func TestResume(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	train, test = train.Head(300), likelihood.Binarize(test.Head(50), 1)
	cfg := Config{Hidden: []int{16}, Latent: 4}
	path := filepath.Join(t.TempDir(), "m.ckpt")
	tc := TrainConfig{K: 3, Epochs: 2, Batch: 100, Seed: 2, Checkpoint: path}
	run := func(epochs int) ([]vae.Epoch, []int, *Model) {
		t.Helper()
		m, err := New(cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		var trainedNow []int
		tc := tc
		tc.Epochs = epochs
		tc.OnEpoch = func(e vae.Epoch) { trainedNow = append(trainedNow, e.Epoch) }
		h, err := Train(m, train, test, tc)
		if err != nil {
			t.Fatal(err)
		}
		return h, trainedNow, m
	}
	h2, now, m2 := run(2)
	defer m2.Close()
	if !reflect.DeepEqual(now, []int{1, 2}) || len(h2) != 2 {
		t.Fatalf("first run trained epochs %v and returned %d", now, len(h2))
	}
	got, err := Resumable(path, cfg, tc, train)
	if err != nil || !reflect.DeepEqual(got, h2) {
		t.Fatalf("Resumable: %v, %v; want the two epochs trained", got, err)
	}
	h, now, m := run(2)
	defer m.Close()
	if len(now) != 0 || !reflect.DeepEqual(h, h2) || !reflect.DeepEqual(m.Params, m2.Params) {
		t.Errorf("a second run of 2 epochs trained %v; want none, and the file's model", now)
	}
	h3, now, m3 := run(3)
	defer m3.Close()
	if !reflect.DeepEqual(now, []int{3}) || len(h3) != 3 || !reflect.DeepEqual(h3[:2], h2) {
		t.Errorf("resumed run trained epochs %v, history %d epochs; want only epoch 3 after the file's two", now, len(h3))
	}
	// The checkpoint keeps Adam's moments, and each epoch draws from its
	// own seeded generators: the resumed run is the uninterrupted one.
	tc.Checkpoint = filepath.Join(t.TempDir(), "straight.ckpt")
	_, _, straight := run(3)
	defer straight.Close()
	for i := range straight.Params {
		if straight.Params[i] != m3.Params[i] {
			t.Fatalf("parameter %d: %g resumed after two epochs, %g trained three straight", i, m3.Params[i], straight.Params[i])
		}
	}
}

// TestCheckpointRefusals: a file Train cannot continue is an error before
// any step, and is left as it was.
func TestCheckpointRefusals(t *testing.T) {
	train, _, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	train = train.Head(100)
	cfg := Config{Hidden: []int{8}, Latent: 2}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ckpt")
	tc := TrainConfig{K: 2, Epochs: 1, Batch: 50, Checkpoint: good}
	m, err := New(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := Train(m, train, nil, tc); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	os.WriteFile(mine, []byte("my notes"), 0o644)
	vaeCkpt := filepath.Join(dir, "vae.ckpt")
	vm, _ := vae.New(vae.Config{Kind: vae.VAE, Hidden: 8, Latent: 2}, 1)
	defer vm.Close()
	if err := vm.Save(vaeCkpt, nil); err != nil {
		t.Fatal(err)
	}
	other := *train
	other.Pixels = append([]uint8(nil), train.Pixels...)
	other.Pixels[0] ^= 1
	for _, c := range []struct {
		name string
		path string
		cfg  Config
		tc   func(TrainConfig) TrainConfig
		data *vae.Dataset
		want string
	}{
		{"not a checkpoint", mine, cfg, nil, train, "it was left as it is: move it"},
		{"another model's checkpoint", vaeCkpt, cfg, nil, train, "it is not a checkpoint of lessons/iwae"},
		{"other architecture", good, Config{Hidden: []int{9}, Latent: 2}, nil, train, "it holds a model 784-8-2 relu, not 784-9-2 relu"},
		{"other k", good, cfg, func(tc TrainConfig) TrainConfig { tc.K = 5; return tc }, train, "trained with k 2, batch 50, lr 0.001, seed 0, not k 5"},
		{"other digits", good, cfg, nil, &other, "it was trained on other digits"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(c.path)
			tc := tc
			tc.Checkpoint = c.path
			tc.Epochs = 2
			if c.tc != nil {
				tc = c.tc(tc)
			}
			m, err := New(c.cfg, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			steps := 0
			tc.OnStep = func(vae.Step) { steps++ }
			_, err = Train(m, c.data, nil, tc)
			var ce *vae.CheckpointError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("error %v: want a *vae.CheckpointError naming %s and saying %q", err, c.path, c.want)
			}
			if after, _ := os.ReadFile(c.path); string(after) != string(before) || steps > 0 {
				t.Errorf("%d steps taken, file changed: %v", steps, string(after) != string(before))
			}
		})
	}
}

func TestBudgetStopsTraining(t *testing.T) {
	h := []vae.Epoch{{Seconds: 10}, {Seconds: 20}}
	for _, c := range []struct {
		budget time.Duration
		want   bool
	}{{0, false}, {time.Minute, false}, {49 * time.Second, true}, {50 * time.Second, false}} {
		if got := overBudget(h, c.budget); got != c.want {
			t.Errorf("30 s spent, last epoch 20 s, budget %v: over %v, want %v", c.budget, got, c.want)
		}
	}
	if overBudget(nil, time.Nanosecond) {
		t.Error("the first epoch was refused by the budget")
	}
}

func TestTrainStopsAtNaN(t *testing.T) {
	train, _, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Hidden: []int{16}, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	path := filepath.Join(t.TempDir(), "m.ckpt")
	_, err = Train(m, train.Head(500), nil, TrainConfig{K: 2, Epochs: 2, Batch: 50, LR: 1e3, Checkpoint: path})
	if err == nil || !strings.Contains(err.Error(), "the learning rate (1000) is likely too high") {
		t.Fatalf("training at learning rate 1000: error %v, want one blaming it", err)
	}
	if !strings.Contains(err.Error(), "no checkpoint was written") {
		t.Errorf("error %q does not say what the checkpoint holds", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a run that finished no epoch wrote a checkpoint")
	}
}
