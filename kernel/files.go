package kernel

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// writeAtomic writes data to a temporary file beside path and renames it
// over path, keeping path's permissions, so path is never left half-written.
func writeAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("kernel: saving %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // no-op after the rename
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("kernel: saving %s: %w", path, err)
	}
	return nil
}

// lineTee keeps the driver's output for error messages and forwards its
// "nbexec: " progress lines, without the prefix, to progress.
type lineTee struct {
	mu       sync.Mutex
	progress io.Writer
	all      bytes.Buffer
	partial  []byte
}

func (t *lineTee) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.all.Write(p)
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		line := t.partial[:i+1]
		if rest, ok := bytes.CutPrefix(line, []byte("nbexec: ")); ok && t.progress != nil {
			t.progress.Write(rest)
		}
		t.partial = t.partial[i+1:]
	}
	return len(p), nil
}

// tail returns the last lines of the driver's output.
func (t *lineTee) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return clip(lastN(t.all.String(), 30), 30)
}

func lastN(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
