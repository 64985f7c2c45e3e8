package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1, 1, 100}, 1}, // one slow outlier does not move it
	} {
		if got := median(tc.xs); got != tc.want {
			t.Errorf("median(%v) = %g, want %g", tc.xs, got, tc.want)
		}
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median(nil) = %g, want NaN", got)
	}
	xs := []float64{3, 1, 2}
	median(xs)
	if xs[0] != 3 {
		t.Errorf("median sorted its argument: %v", xs)
	}
}

func TestSpeedup(t *testing.T) {
	for _, tc := range []struct {
		t, ref float64
		want   string
	}{
		{2, 4, "2.00x faster"},
		{6, 4, "1.50x slower"},
		{4, 4, "1.00x faster"},
		{3, 3.5, "1.17x faster"},
		{math.NaN(), 4, "n/a"},
		{4, 0, "n/a"},
		{4, math.Inf(1), "n/a"},
	} {
		if got := speedup(tc.t, tc.ref); got != tc.want {
			t.Errorf("speedup(%g, %g) = %q, want %q", tc.t, tc.ref, got, tc.want)
		}
	}
}

func TestFlops(t *testing.T) {
	layers, err := architecture(400, 20)
	if err != nil {
		t.Fatal(err)
	}
	want := []layerShape{{784, 400, false}, {400, 20, true}, {400, 20, true}, {20, 400, true}, {400, 784, true}}
	if len(layers) != len(want) {
		t.Fatalf("layers %v, want %v", layers, want)
	}
	for i := range want {
		if layers[i] != want[i] {
			t.Errorf("layer %d: %v, want %v", i, layers[i], want[i])
		}
	}
	// Written out by layer: fc1 forward and dW; fcMu, fcLogVar, fc3, fc4
	// forward, dW and dx.
	step128 := int64(2 * 128 * (2*784*400 + 3*400*20*2 + 3*20*400 + 3*400*784))
	for _, tc := range []struct {
		name string
		got  int64
		want int64
	}{
		{"step at batch 128", stepFlops(layers, 128), step128},
		{"step at batch 1", stepFlops(layers, 1), step128 / 128},
		{"epoch, batch divides n", epochFlops(layers, 1280, 128), 10 * step128},
		{"epoch, short last batch", epochFlops(layers, 60000, 128), 468*step128 + 96*step128/128},
		{"epoch, fewer rows than a batch", epochFlops(layers, 5, 128), 5 * step128 / 128},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %d FLOPs, want %d", tc.name, tc.got, tc.want)
		}
	}
	if got := float64(epochFlops(layers, 60000, 128)) / 1e9; math.Abs(got-196.8) > 0.05 {
		t.Errorf("full MNIST epoch: %.2f GFLOP, want 196.8 (2 × 60000 × 1.64M multiply-adds)", got)
	}
	if got := gflops(10e9, 2); got != 5 {
		t.Errorf("gflops(10e9, 2 s) = %g, want 5", got)
	}
	if got := gflops(10e9, 0); got != 0 {
		t.Errorf("gflops with no time = %g, want 0", got)
	}
}

func TestIDXCount(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, words ...uint32) string {
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		binary.Write(z, binary.BigEndian, words)
		z.Close()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		path    string
		want    int
		wantErr string
	}{
		{write("images.gz", 0x0803, 60000, 28, 28), 60000, ""},
		{write("labels.gz", 0x0801, 7), 7, ""},
		{write("floats.gz", 0x0D03, 5, 1, 1), 0, "unsigned bytes"},
		{write("short.gz", 0x0803), 0, "reading the IDX header"},
		{filepath.Join(dir, "none.gz"), 0, "none.gz"},
	} {
		n, err := idxCount(tc.path)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", filepath.Base(tc.path), err, tc.wantErr)
			}
			continue
		}
		if err != nil || n != tc.want {
			t.Errorf("%s: %d, %v; want %d", filepath.Base(tc.path), n, err, tc.want)
		}
	}
}

func TestHasCompile(t *testing.T) {
	for v, want := range map[string]bool{"2.5.1+cpu": true, "2.15.0": true, "10.0": true, "1.13.1": false, "1.13.0a0+git": false, "": false, "unknown": false} {
		if got := hasCompile(v); got != want {
			t.Errorf("hasCompile(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestBLASNote(t *testing.T) {
	for _, tc := range []struct {
		blas string
		warn bool
	}{
		{"libblas.so.3,libopenblas.so.0", false},
		{"libopenblasp-r0.3.21.so", false},
		{"libblas.so.3", true},
		{"none", true},
		{"none; built with BLAS_INFO=mkl", false}, // PyTorch 2 from PyPI
		{"libblas.so.3; built with BLAS_INFO=open", true},
	} {
		if got := blasNote(tc.blas) != ""; got != tc.warn {
			t.Errorf("blasNote(%q) warns %v, want %v", tc.blas, got, tc.warn)
		}
	}
}
