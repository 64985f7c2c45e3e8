// Package repo finds the root of a checkout of this repository: the
// folder whose go.mod declares the module github.com/vaelab/govae. The
// data loaders, the lessons and the kernel commands all need it, because
// they may run from any folder inside the checkout (a notebook runs in
// notebooks/, a test in its package's folder).
package repo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is the module path of this repository.
const Module = "github.com/vaelab/govae"

// ErrNotInRepo is returned by Root outside a checkout of Module.
var ErrNotInRepo = errors.New("not inside a checkout of " + Module)

// Root walks up from dir to the folder whose go.mod declares Module and
// returns it as an absolute path. Nested modules (tools/) are skipped.
// Outside the repository the error wraps ErrNotInRepo and names dir.
func Root(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving %q: %w", dir, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && DeclaredModule(data) == Module {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%w: no go.mod of module %s above %s", ErrNotInRepo, Module, abs)
		}
	}
}

// DeclaredModule returns the path on go.mod's module line, or "".
func DeclaredModule(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}
