package kernel_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestRestartHint runs the restart hint of kernel/jupyter/govae_jupyter.py
// (the line a failed cell gets when the kernel has not run the cells it
// needs since a restart) in the Python that serves JupyterLab, on the cells
// a learner meets: the wiring cell, a cell of declarations, and a cell that
// uses them.
func TestRestartHint(t *testing.T) {
	wd, _ := os.Getwd()
	root, err := kernel.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	py, err := kernel.FindPython(context.Background(), root, "", kernel.NeedLab)
	if err != nil {
		if kerneltest.InCI() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	cells := [][3]string{
		{"2", "wire", kernel.WiringCell},
		{"4", "decl", "import \"fmt\"\n\nconst (\n\tepochs  = 10\n\twaitFor = 3 * time.Second // for the browser\n)\n\n" +
			"var planeRecipe, fullRecipe = explorer.Recipes(\"mnist\", epochs)\n\nfunc must(err error) {}\n\ntype point struct{ x, y float64 }"},
		{"6", "use", "%%\nfmt.Println(fullRecipe)"},
	}
	tests := []struct {
		name  string
		ran   []string
		names []string
		want  []string // substrings of the hint; nil: no hint
	}{
		{"restart, then a later cell", nil, []string{"fullRecipe", "must"}, []string{"not run cell 4 since it (re)started", "it declares fullRecipe, must", "Run All Above Selected Cell"}},
		{"a constant in a block", []string{"wire"}, []string{"waitFor"}, []string{"cell 4", "declares waitFor"}},
		{"a type", []string{"wire"}, []string{"point"}, []string{"cell 4", "declares point"}},
		{"the wiring cell not run", []string{"decl"}, []string{}, []string{"not run cell 2", "connects the kernel to the course's Go packages"}},
		{"everything above ran", []string{"wire", "decl"}, []string{"fullRecipe"}, nil},
		{"a name no cell declares", []string{"wire"}, []string{"fulRecipe"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arg, _ := json.Marshal(map[string]any{"cells": cells, "ran": tt.ran, "names": tt.names})
			script := `import json, sys
sys.path.insert(0, sys.argv[1])
import govae_jupyter as g
a = json.loads(sys.argv[2])
cells = [(int(n), i, s) for n, i, s in a["cells"]]
print(json.dumps(g.hint(cells, set(a["ran"] or []), "use", a["names"])))`
			out, err := exec.Command(py, "-c", script, kernel.ConfigDir(root), string(arg)).CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var got *string
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			switch {
			case tt.want == nil && got != nil:
				t.Errorf("want no hint, got %q", *got)
			case tt.want != nil && got == nil:
				t.Errorf("want a hint with %q, got none", tt.want)
			case got != nil:
				for _, w := range tt.want {
					if !strings.Contains(*got, w) {
						t.Errorf("hint %q lacks %q", *got, w)
					}
				}
			}
		})
	}
}
