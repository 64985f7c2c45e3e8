package notebooks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
)

// TestNotebooksStartWithTheWiringCell checks that every notebook's first
// code cell is kernel.WiringCell exactly: the cell that points GoNB at
// the checkout, copied into each notebook, has one source. The fixture
// notebooks the kernel's, nbrun's and the browser's tests run are held to
// it too, so that a new GoNB pin reaches them all.
func TestNotebooksStartWithTheWiringCell(t *testing.T) {
	paths, _ := filepath.Glob("*.ipynb")
	if len(paths) == 0 {
		t.Fatal("no notebooks found")
	}
	for _, glob := range []string{"../kernel/testdata/notebooks/*.ipynb", "../kernel/cmd/nbrun/testdata/*.ipynb", "../e2e/testdata/*.ipynb"} {
		fixtures, _ := filepath.Glob(glob)
		if len(fixtures) == 0 {
			t.Errorf("no fixture notebooks match %s", glob)
		}
		paths = append(paths, fixtures...)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Cells []struct {
				Type   string   `json:"cell_type"`
				Source []string `json:"source"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(b, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		first := ""
		for _, c := range nb.Cells {
			if c.Type == "code" {
				first = strings.Join(c.Source, "")
				break
			}
		}
		if first != kernel.WiringCell {
			t.Errorf("%s: the first code cell is not kernel.WiringCell; copy it from kernel/install.go:\n%s", p, first)
		}
	}
}
