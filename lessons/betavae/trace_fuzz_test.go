package betavae

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadTrace feeds arbitrary bytes to readTrace, which reads the
// .steps.json files kept beside cached models in .models/, where a learner's
// machine may damage them. The seed corpus is testdata/traces (the first
// 40 steps of a real trace) and the seeds below. Properties:
//   - it never panics;
//   - what it accepts has one β, reconstruction and KL value per step.
func FuzzReadTrace(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "traces", "*.json"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"beta": [0, 1], "recon": [5, 4], "kl": [1, 2]}`))
	f.Add([]byte(`{"beta": [0, 1], "recon": [5], "kl": [1, 2]}`))
	f.Add([]byte(`{"beta": null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := readTrace(b)
		if err != nil {
			return
		}
		if len(tr.Recon) != len(tr.Beta) || len(tr.KL) != len(tr.Beta) {
			t.Fatalf("accepted curves of %d, %d and %d steps", len(tr.Beta), len(tr.Recon), len(tr.KL))
		}
	})
}
