package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/vae"
)

// tiny are settings that train and score the table in about a second on
// the subset in testdata/mnist.
var tiny = []string{"-small", "-quiet", "-hidden", "16", "-latent", "4", "-k", "1,5", "-samples", "20", "-test-n", "40", "-batch", "100"}

func runTable(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(args, &o, &e)
	return o.String(), e.String(), err
}

// rowRE is one model's row of the table: name, k, epochs, time, NLL ± SE, −ELBO.
var rowRE = regexp.MustCompile(`(?m)^\s*(VAE|IWAE)\s+(\d+)\s+(\d+)\s+\S+\s+(\S+) ± (\S+)\s+(\S+)\s*$`)

// rows parses the table's rows into k → [epochs, NLL, SE, −ELBO].
func rows(t *testing.T, out string) map[int][4]float64 {
	t.Helper()
	got := map[int][4]float64{}
	for _, m := range rowRE.FindAllStringSubmatch(out, -1) {
		k, _ := strconv.Atoi(m[2])
		var v [4]float64
		for i, s := range []string{m[3], m[4], m[5], m[6]} {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				t.Errorf("row %q: %q is not a finite number", m[0], s)
			}
			v[i] = f
		}
		got[k] = v
	}
	return got
}

// TestTableAndResume runs the command end to end twice: two epochs, then
// three. The first prints a table of both models with finite numbers; the
// second continues each model from its checkpoint, training only epoch 3.
func TestTableAndResume(t *testing.T) {
	out := filepath.Join(t.TempDir(), "models")
	stdout, stderr, err := runTable(t, append(tiny, "-epochs", "2", "-out", out)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	for _, want := range []string{"784-16-4 relu", "binarized dynamically", "binarized stochastically once with seed 1", "40 of 500 digits", "−L_20", "89.78", "86.82", "static binarization"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table does not say %q:\n%s", want, stdout)
		}
	}
	first := rows(t, stdout)
	if len(first) != 2 || first[1][0] != 2 || first[5][0] != 2 {
		t.Fatalf("table rows %v, want k = 1 and 5 after 2 epochs:\n%s", first, stdout)
	}
	for k, r := range first {
		// NLL ≤ −ELBO of the same samples, and a 784-pixel digit costs
		// more than 50 nats under any model this small.
		if !(r[1] > 50 && r[1] <= r[3] && r[2] > 0) {
			t.Errorf("k = %d: NLL %.2f ± %.2f, −ELBO %.2f: want 50 < NLL ≤ −ELBO and a positive standard error", k, r[1], r[2], r[3])
		}
	}
	if n := strings.Count(stderr, " epoch "); n != 4 {
		t.Errorf("first run logged %d epochs, want 2 per model:\n%s", n, stderr)
	}

	// Other threads make the same models: the checkpoints are continued.
	stdout, stderr, err = runTable(t, append(tiny, "-epochs", "3", "-out", out, "-threads", "1")...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	for _, k := range []string{"1", "5"} {
		if !strings.Contains(stderr, "k = "+k+": "+filepath.Join(out, "iwae-k"+k+".ckpt")+" holds 2 epochs") {
			t.Errorf("second run does not say it continues k = %s:\n%s", k, stderr)
		}
		if strings.Contains(stderr, "k = "+k+" epoch 1:") || strings.Contains(stderr, "k = "+k+" epoch 2:") || !strings.Contains(stderr, "k = "+k+" epoch 3:") {
			t.Errorf("second run did not train only epoch 3 of k = %s:\n%s", k, stderr)
		}
	}
	second := rows(t, stdout)
	if second[1][0] != 3 || second[5][0] != 3 {
		t.Errorf("after resuming, rows %v: want 3 epochs each", second)
	}
	h, err := iwae.Resumable(filepath.Join(out, "iwae-k5.ckpt"), iwae.Config{Hidden: []int{16}, Latent: 4}, iwae.TrainConfig{K: 5, Batch: 100, Seed: 1}, nil)
	if err != nil || len(h) != 3 {
		t.Errorf("checkpoint of k = 5 holds %d epochs (%v), want 3", len(h), err)
	}

	// A third run with the same epochs trains nothing and prints the same table.
	again, stderr, err := runTable(t, append(tiny, "-epochs", "3", "-out", out)...)
	if err != nil {
		t.Fatal(err, stderr)
	}
	if strings.Contains(stderr, " epoch ") || again != stdout {
		t.Errorf("a run with every epoch done trained again or scored differently:\n%s\n%s", stderr, again)
	}
}

func TestBadFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	os.WriteFile(file, []byte("mine"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-k", "1,0"}, `-k "1,0": give positive whole numbers separated by commas, one per model`},
		{[]string{"-k", "five"}, `-k "five": give positive whole numbers`},
		{[]string{"-k", "5,5"}, `-k "5,5" names k = 5 twice`},
		{[]string{"-hidden", "400,-1"}, `-hidden "400,-1": give positive whole numbers`},
		{[]string{"-latent", "0"}, "-latent 0: the latent space needs at least 1 dimension"},
		{[]string{"-activation", "gelu"}, `-activation "gelu": use relu or tanh`},
		{[]string{"-epochs", "0"}, "-epochs 0: train each model for at least 1 epoch"},
		{[]string{"-minutes", "0"}, "-minutes 0: give each model a positive number of minutes"},
		{[]string{"-minutes", "NaN"}, "-minutes NaN"},
		{[]string{"-batch", "0"}, "-batch 0: the batch size must be at least 1"},
		{[]string{"-lr", "-1"}, "-lr -1: the learning rate must be a positive number"},
		{[]string{"-samples", "0"}, "-samples 0: the NLL needs at least 1 importance sample"},
		{[]string{"-test-n", "-5"}, "-test-n -5: score a positive number of test digits, or 0 for all"},
		{[]string{"-test-n", "501"}, "-test-n 501: the test set has 500 digits: use at most 500, or 0 for all"},
		{[]string{"-threads", "-1"}, "-threads -1: use 0 for one per core"},
		{[]string{"-data", "/some/dir"}, "-small and -data /some/dir both name the data"},
		{[]string{"-out", file}, "-out " + file + " is a file, not a folder: it was left as it is"},
		{[]string{"-out", "/no/such/dir/models"}, "-out /no/such/dir/models: cannot create the folder"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		args := append([]string{"-small", "-quiet", "-out", filepath.Join(dir, "out")}, c.args...)
		_, stderr, err := runTable(t, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.want)
		}
		if strings.Contains(stderr, "training ") {
			t.Errorf("%v: training started before the error", c.args)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "mine" {
		t.Errorf("-out %s: the file was changed", file)
	}
}

// TestRefusesAFileInTheWay: a file at a model's checkpoint path that is
// not that model's checkpoint stops the run before any training, and is
// left as it was; so does a checkpoint of other settings.
func TestRefusesAFileInTheWay(t *testing.T) {
	out := t.TempDir()
	path := filepath.Join(out, "iwae-k5.ckpt")
	os.WriteFile(path, []byte("not a checkpoint"), 0o644)
	_, stderr, err := runTable(t, append(tiny, "-epochs", "1", "-out", out)...)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "it was left as it is") {
		t.Errorf("error %v: want one naming %s and saying it was left as it is", err, path)
	}
	if strings.Contains(stderr, "epoch") {
		t.Errorf("a model was trained before the error:\n%s", stderr)
	}
	os.Remove(path)
	if _, _, err := runTable(t, append(tiny, "-epochs", "1", "-out", out)...); err != nil {
		t.Fatal(err)
	}
	_, _, err = runTable(t, append(tiny, "-epochs", "1", "-out", out, "-latent", "3")...)
	var ce *vae.CheckpointError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "it holds a model 784-16-4 relu, not 784-16-3 relu") {
		t.Errorf("other settings in the same folder: error %v, want a *vae.CheckpointError naming both models", err)
	}
}
