package vae

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pretendMemory makes the memory checks see n bytes until the test ends.
func pretendMemory(t *testing.T, n int64) {
	saved := availableMemory
	availableMemory = func() (int64, string) { return n, "pretended by the test" }
	t.Cleanup(func() { availableMemory = saved })
}

func TestMemoryChecks(t *testing.T) {
	pretendMemory(t, 64<<20)
	if got := size(5 << 30); got != "5.0 GiB" {
		t.Errorf("size(5 GiB) = %q", got)
	}
	digits := &Dataset{Name: "blank", N: 10, Dim: 784, Rows: 28, Cols: 28, Pixels: make([]uint8, 10*784)}
	for _, tc := range []struct {
		name  string
		model Config
		train *TrainConfig // nil: only New
		want  string       // "" for no error
	}{
		// 13,040,824 parameters at H = 8000, 8 bytes each with their
		// gradients, plus 0.625 MiB for the thread: 101 MiB.
		{"model too big for New", Config{Kind: VAE, Hidden: 8000, Threads: 1}, nil,
			"a 784-8000-20 model's parameters and gradients needs about 101 MiB but 64 MiB is available (pretended by the test): use a smaller hidden size"},
		// H = 4000: 50 MiB for New, but Adam's moments double it.
		{"fits New", Config{Kind: VAE, Hidden: 4000, Threads: 1}, nil, ""},
		{"Adam too big", Config{Kind: VAE, Hidden: 4000, Threads: 1}, &TrainConfig{Epochs: 1}, "with adam at batch 10 needs about 101 MiB"},
		{"SGD fits", Config{Kind: VAE, Hidden: 4000, Threads: 1}, &TrainConfig{Epochs: 1, Optimizer: "sgd"}, ""},
		{"threads' packing space", Config{Kind: VAE, Threads: 1000}, nil, "parameters and gradients needs about 630 MiB"},
	} {
		m, err := New(tc.model, 1)
		if err == nil && tc.train != nil {
			_, err = Train(m, digits, nil, *tc.train)
		}
		if m != nil {
			m.Close()
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestMemAvailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meminfo")
	os.WriteFile(path, []byte("MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:   24164852 kB\n"), 0o644)
	if kb, err := memAvailableKiB(path); err != nil || kb != 24164852 {
		t.Errorf("memAvailableKiB = %d, %v; want 24164852", kb, err)
	}
	os.WriteFile(path, []byte("MemTotal: 1 kB\n"), 0o644)
	if _, err := memAvailableKiB(path); err == nil {
		t.Error("a meminfo without MemAvailable gave no error")
	}
	if n, from := availableMemory(); n <= 0 || from == "" {
		t.Errorf("availableMemory() = %d, %q", n, from)
	}
}
