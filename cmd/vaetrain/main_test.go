package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

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
	m, err := vae.Load(out, 1, nil)
	if err != nil {
		t.Fatal(err)
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
		{[]string{"-model", "gan"}, "unknown model kind"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-lr", "-1"}, "-lr -1"},
		{[]string{"-latent", "0"}, "-latent 0"},
		{[]string{"-likelihood", "poisson"}, "unknown likelihood"},
		{[]string{"-optimizer", "rmsprop"}, "rmsprop"},
		{[]string{"-data", "/no/such/dir"}, "/no/such/dir"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(append(tc.args, "-quiet", "-epochs", "1", "-out", filepath.Join(t.TempDir(), "m.ckpt")), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}
