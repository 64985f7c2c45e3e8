package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseOutput feeds arbitrary bytes to parseOutput, which reads the
// JSON lines each trainer prints. The seed corpus is testdata/trainers
// (the first epochs of a real run of vaetrain, the PyTorch script and the
// JAX script, as cmd/vaebench recorded them) and
// the seeds below. Properties:
//   - it never panics;
//   - what it accepts holds epochs that count up from 1, each with a
//     positive finite time and finite losses, and one raw line per epoch.
func FuzzParseOutput(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "trainers", "*"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("{\"epoch\": 1, \"train\": 1, \"test\": 2, \"epoch_s\": 0.5}\nSUMMARY {}\n"))
	f.Add([]byte("{\"epoch\": 2, \"train\": NaN}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := parseOutput(b)
		if err != nil {
			return
		}
		if len(o.Raw) != len(o.Epochs) {
			t.Fatalf("%d raw lines for %d epochs", len(o.Raw), len(o.Epochs))
		}
		for i, e := range o.Epochs {
			if e.Epoch != i+1 || !(e.EpochS > 0) || math.IsInf(e.EpochS, 0) || !finite(e.Train) || !finite(e.Test) {
				t.Fatalf("accepted epoch %d as %+v", i+1, e)
			}
		}
	})
}
