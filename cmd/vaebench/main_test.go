package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeData makes a folder whose training images file has an IDX header
// claiming n digits: enough for everything before training starts.
func fakeData(t *testing.T, n uint32) string {
	t.Helper()
	dir := t.TempDir()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	binary.Write(z, binary.BigEndian, []uint32{0x0803, n, 28, 28})
	z.Close()
	if err := os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRunRejectsBadFlags(t *testing.T) {
	data := fakeData(t, 1000)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "-epochs 0"},
		{[]string{"-rounds", "-1"}, "-rounds -1"},
		{[]string{"-go-only", "-torch-only"}, "exclude each other"},
		{[]string{"-configs", "go-t9"}, `unknown config "go-t9"`},
		{[]string{"-data", "/no/such/dir"}, "/no/such/dir"},
		{[]string{"-torch-only", "-torch-script", "/no/such/ref.py"}, "torch_vae_ref.py, the pytorch/examples VAE"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(append([]string{"-dry-run", "-data", data}, tc.args...), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}

func TestDryRunPrintsThePlan(t *testing.T) {
	data := fakeData(t, 1000)
	script := filepath.Join(t.TempDir(), "ref.py")
	os.WriteFile(script, nil, 0o644)
	var stdout bytes.Buffer
	err := run([]string{"-dry-run", "-data", data, "-torch-script", script, "-epochs", "3", "-rounds", "2", "-configs", "go-t1,torch-t2,torch-compile-t1"}, &stdout, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, want := range []string{
		"1000 training digits",
		"1. round 1, go-t1: env -VAE_GEMM",
		"-epochs 3 -seed 1 -threads 1 -data " + data,
		"2. round 1, torch-t2: env -OPENBLAS_L2_SIZE",
		script + " --data " + data + " --threads 2 --epochs 3 --seed 1",
		"3. round 1, torch-compile-t1",
		script + " --data " + data + " --threads 1 --epochs 3 --seed 1 --compile",
		"4. round 2, torch-t2", // the second round starts one config later
		"6. round 2, go-t1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
}

func TestMissingPyTorch(t *testing.T) {
	data := fakeData(t, 1000)
	script := filepath.Join(t.TempDir(), "ref.py")
	os.WriteFile(script, nil, 0o644)
	base := options{epochs: 1, rounds: 1, python: "/no/such/python3", data: data, torchScript: script}

	o := base
	o.configs = "torch"
	if _, err := prepare(o, io.Discard); err == nil || !strings.Contains(err.Error(), "apt-get install -y python3-torch") {
		t.Errorf("PyTorch configs alone without PyTorch: error %v, want one saying how to install it", err)
	}

	o = base
	o.configs = "go-t1,torch-t1"
	b, err := prepare(o, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(configNames(b.configs), ","); got != "go-t1" {
		t.Errorf("without PyTorch the configs are %s, want go-t1 alone", got)
	}
	if notes := strings.Join(b.rep.Notes, "\n"); !strings.Contains(notes, "apt-get install -y python3-torch") || !strings.Contains(notes, "Go configs only") {
		t.Errorf("notes %q do not say PyTorch is missing and how to install it", notes)
	}
}

// TestOneEpochOnFullMNIST runs the benchmark for real: one Go config, one
// epoch of full MNIST (several seconds).
func TestOneEpochOnFullMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains one epoch on full MNIST")
	}
	out := filepath.Join(t.TempDir(), "raw.json")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-epochs", "1", "-configs", "go-t1", "-json", out}, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		TrainDigits   int   `json:"train_digits"`
		FlopsPerEpoch int64 `json:"flops_per_epoch"`
		Runs          []struct {
			Config    string            `json:"config"`
			Epochs    []json.RawMessage `json:"epochs"`
			MaxRSSKiB int64             `json:"max_rss_kib"`
			Error     string            `json:"error"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.TrainDigits != 60000 || len(rep.Runs) != 1 || rep.Runs[0].Config != "go-t1" || len(rep.Runs[0].Epochs) != 1 || rep.Runs[0].Error != "" {
		t.Fatalf("raw results: %d digits, runs %+v; want 60000 digits and one go-t1 run of one epoch", rep.TrainDigits, rep.Runs)
	}
	// A process that has loaded the 70,000 digits (55 MB as bytes) cannot
	// peak below 20 MB; a zero or a misread unit would.
	if kib := rep.Runs[0].MaxRSSKiB; kib < 20*1024 {
		t.Errorf("peak RSS %d KiB: too small to be the trainer's", kib)
	}
	var e epochLine
	if err := json.Unmarshal(rep.Runs[0].Epochs[0], &e); err != nil || e.Epoch != 1 || e.EpochS <= 0 || e.Test <= 0 {
		t.Errorf("raw epoch %s: %+v, %v", rep.Runs[0].Epochs[0], e, err)
	}
	table := stdout.String()
	line := ""
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, "| go-t1 ") {
			line = l
		}
	}
	cells := strings.Split(line, "|")
	if len(cells) != 10 || strings.TrimSpace(cells[4]) != "n/a" || strings.TrimSpace(cells[2]) == "failed" {
		t.Errorf("go-t1 row %q: want 8 cells, a time, and n/a against PyTorch (none ran)\n%s", line, table)
	}
}
