package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	os.WriteFile(path, []byte("old"), 0o600)
	if err := writeAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v, want \"new\" mode 0600", data, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A folder that cannot be written leaves the error, not a half file.
	if err := writeAtomic(filepath.Join(path, "x"), nil); err == nil || !strings.Contains(err.Error(), "saving") {
		t.Errorf("writeAtomic into a file's path: err = %v", err)
	}
}
