package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/internal/repo"
	"github.com/vaelab/govae/vae"
)

func TestRunWritesJSONLinesAndCheckpoint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.ckpt")
	var stdout, stderr bytes.Buffer
	err := run([]string{"-small", "-epochs", "2", "-hidden", "32", "-latent", "2", "-quiet", "-out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines, want one per epoch:\n%s", len(lines), stdout.String())
	}
	var l map[string]float64
	if err := json.Unmarshal([]byte(lines[1]), &l); err != nil {
		t.Fatal(err)
	}
	if l["epoch"] != 2 || l["train"] <= 0 || l["test"] <= 0 || l["epoch_s"] <= 0 {
		t.Errorf("second line %q lacks epoch, train, test or epoch_s", lines[1])
	}
	var saved meta
	m, err := vae.Load(out, 1, &saved)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if len(saved.History) != 2 || saved.History[1].Test != l["test"] || saved.Data == "" {
		t.Errorf("checkpoint metadata %+v: want both epochs, the last with test loss %v, and the data set's name", saved, l["test"])
	}
	if m.Config.Hidden != 32 || m.Config.Latent != 2 || m.Config.Kind != vae.VAE {
		t.Errorf("checkpoint holds %v, want a VAE 784-32-2", m)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-model", "gan"}, `unknown model kind "gan": use ae or vae`},
		{[]string{"-epochs", "0"}, "-epochs 0: train for at least 1 epoch"},
		{[]string{"-epochs", "-3"}, "-epochs -3: train for at least 1 epoch"},
		{[]string{"-batch", "0"}, "-batch 0: the batch size must be at least 1 (128 is usual)"},
		{[]string{"-batch", "-5"}, "-batch -5: the batch size must be at least 1"},
		{[]string{"-lr", "-1"}, "-lr -1: the learning rate must be a positive number (1e-3 is usual for adam)"},
		{[]string{"-lr", "0"}, "-lr 0: the learning rate must be a positive number"},
		{[]string{"-lr", "NaN"}, "-lr NaN: the learning rate must be a positive number"},
		{[]string{"-lr", "Inf"}, "-lr +Inf: the learning rate must be a positive number"},
		{[]string{"-hidden", "0"}, "-hidden 0: the hidden layers need at least 1 unit (400 is usual)"},
		{[]string{"-hidden", "100000000"}, "make more parameters than this library allows (1073741824): use a smaller hidden size"},
		{[]string{"-latent", "0"}, "-latent 0: the latent space needs at least 1 dimension (20 is usual)"},
		{[]string{"-beta", "0"}, "-beta 0: vae.Config reads a zero β as the default, 1"},
		{[]string{"-beta", "-1"}, "-beta -1: the KL weight must be a positive number"},
		{[]string{"-sigma", "0", "-likelihood", "gaussian"}, "-sigma 0: the gaussian pixel standard deviation must be a positive number"},
		{[]string{"-threads", "-1"}, "-threads -1: use 0 for one per core"},
		{[]string{"-threads", "5000"}, "threads must be in [0, 1024], got 5000"},
		{[]string{"-likelihood", "poisson"}, "unknown likelihood"},
		{[]string{"-optimizer", "rmsprop"}, `optimizer "rmsprop": use adam or sgd`},
		{[]string{"-data", "/no/such/dir"}, "/no/such/dir"},
		{[]string{"-small", "-out", "/no/such/dir/m.ckpt"}, "-out /no/such/dir/m.ckpt: the folder /no/such/dir does not exist: create it or choose another path"},
		{[]string{"-small", "-data", "/some/dir"}, "-small and -data /some/dir both name the training data"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"-quiet", "-epochs", "1", "-out", filepath.Join(t.TempDir(), "m.ckpt")}, tc.args...)
		err := run(args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
		if strings.Contains(stderr.String(), "training") {
			t.Errorf("%v: training started before the error", tc.args)
		}
	}
}

func TestRunStopsAtNaN(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.ckpt")
	var stdout, stderr bytes.Buffer
	// Adam at learning rate 10 overflows within a few steps.
	err := run([]string{"-small", "-epochs", "2", "-hidden", "32", "-latent", "2", "-lr", "10", "-quiet", "-out", out}, &stdout, &stderr)
	if err == nil {
		t.Fatal("training at learning rate 10 gave no error")
	}
	for _, want := range []string{"epoch 1 step ", "is not finite", "the learning rate (10) is likely too high", "no checkpoint was written to " + out} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s was written by a run that never finished an epoch (stat: %v)", out, err)
	}
}

// run2 runs vaetrain with args and returns what it said on stderr.
func run2(t *testing.T, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	err := run(args, &stdout, &stderr)
	return stderr.String(), err
}

// TestOutNeverClobbers runs vaetrain against what a learner may have at
// -out: a file of their own is refused and left as it was; a checkpoint of
// other settings is kept and the run writes beside it, or replaces it with
// -replace; a rerun of the same settings replaces its own checkpoint; a
// killed run's temporary file is cleaned up.
func TestOutNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	train := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		err := run(append([]string{"-small", "-epochs", "1", "-hidden", "16", "-latent", "2", "-quiet"}, args...), &stdout, &stderr)
		return stderr.String(), err
	}
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my notes"), 0o644)
	if _, err := train("-out", notes); err == nil || !strings.Contains(err.Error(), "is not a checkpoint of this library") {
		t.Errorf("-out over a text file: %v", err)
	}
	if data, _ := os.ReadFile(notes); string(data) != "my notes" {
		t.Errorf("the text file was changed: %q", data)
	}
	if _, err := train("-out", dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("-out a folder: %v", err)
	}

	ckpt := filepath.Join(dir, "vae.ckpt")
	stale := filepath.Join(dir, ".vae.ckpt.tmp4242")
	os.WriteFile(stale, []byte("half a checkpoint"), 0o600)
	hour := time.Now().Add(-time.Hour)
	os.Chtimes(stale, hour, hour)
	if log, err := train("-out", ckpt); err != nil {
		t.Fatal(err, log)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the killed run's temporary file is still there")
	}
	first, _ := os.ReadFile(ckpt)

	log, err := train("-out", ckpt, "-latent", "3") // other settings
	if err != nil || !strings.Contains(log, "it is kept, and this run writes "+filepath.Join(dir, "vae-2.ckpt")) {
		t.Errorf("other settings: err %v, log %q", err, log)
	}
	if now, _ := os.ReadFile(ckpt); !bytes.Equal(now, first) {
		t.Error("the checkpoint of other settings was replaced")
	}
	if _, err := os.Stat(filepath.Join(dir, "vae-2.ckpt")); err != nil {
		t.Errorf("no checkpoint beside it: %v", err)
	}

	if log, err := train("-out", ckpt); err != nil || strings.Contains(log, "is kept") { // the same settings again
		t.Errorf("a rerun of the same settings: err %v, log %q", err, log)
	}
	// The same settings on other digits: kept, since the data differs.
	other := t.TempDir()
	small, err := repo.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		from, to := name, name
		if strings.HasPrefix(name, "train") { // the test set trains, the training set tests
			from = strings.Replace(name, "train", "t10k", 1)
		} else {
			from = strings.Replace(name, "t10k", "train", 1)
		}
		data, err := os.ReadFile(filepath.Join(small, "testdata", "mnist", from))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(other, to), data, 0o644)
	}
	if log, err := run2(t, "-data", other, "-epochs", "1", "-hidden", "16", "-latent", "2", "-quiet", "-out", ckpt); err != nil || !strings.Contains(log, "data mnist train (digest") || !strings.Contains(log, "it is kept") {
		t.Errorf("other digits under the same name: err %v, log %q", err, log)
	}
	// A longer training of the same settings is kept too.
	longer := filepath.Join(dir, "long.ckpt")
	if log, err := train("-out", longer, "-epochs", "2"); err != nil {
		t.Fatal(err, log)
	}
	if log, err := train("-out", longer); err != nil || !strings.Contains(log, "the same settings trained longer, 2 epochs") {
		t.Errorf("a shorter run over a longer one: err %v, log %q", err, log)
	}
	if log, err := train("-out", ckpt, "-latent", "3", "-replace"); err != nil || strings.Contains(log, "is kept") {
		t.Errorf("-replace: err %v, log %q", err, log)
	}
	var saved meta
	m, err := vae.Load(ckpt, 1, &saved)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Config.Latent != 3 {
		t.Errorf("after -replace the checkpoint holds %v, want latent 3", m)
	}
}
