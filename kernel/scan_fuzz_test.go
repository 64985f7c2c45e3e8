package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzScan feeds arbitrary bytes to Scan, which reads notebooks as a
// learner saved them (any editor, any damage). The seed corpus is every
// notebook in testdata (executed, failing, hand-edited) and the seeds
// below; testdata/fuzz/FuzzScan holds damaged variants. Properties:
//   - it never panics;
//   - an error is for bytes that are not a notebook, and says so;
//   - every problem names a code cell of the notebook, by its position
//     from 1, and says what is wrong.
func FuzzScan(f *testing.F) {
	for _, glob := range []string{"testdata/scan/*.ipynb", "testdata/notebooks/*.ipynb"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "error", "ename": "E", "evalue": "exit status 1"}]}]}`))
	f.Add([]byte(`{"cells": [{"cell_type": "code", "source": ["a", "b"], "metadata": {"tags": ["expect-image"], "expect": ["x"]}, "outputs": [{"output_type": "stream", "name": "stderr", "text": ["panic: boom\n"]}]}]}`))
	f.Add([]byte(`{"cells": null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		problems, err := Scan(b)
		if err != nil {
			if !strings.Contains(err.Error(), "not a notebook") {
				t.Fatalf("error %q does not say the bytes are not a notebook", err)
			}
			return
		}
		for _, p := range problems {
			if p.Cell < 1 || p.Message == "" {
				t.Fatalf("problem %+v: no cell position or no reason", p)
			}
		}
	})
}
