package kernel

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/vaelab/govae/internal/atomicfile"
)

// writeAtomic replaces path with data (package internal/atomicfile), so
// path is never left half-written and keeps its permissions.
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
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
