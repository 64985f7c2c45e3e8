// Package kerneltest prepares tests that run notebooks through the GoNB
// kernel of this checkout (package kernel), with the project's rule for a
// machine without Jupyter: the test is skipped with a loud message, unless
// the environment variable CI is set (to anything but "", "0" or "false"),
// where it fails.
package kerneltest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
)

// InCI reports whether the environment variable CI asks for strict mode.
func InCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v != "" && v != "0" && v != "false"
}

// Setup finds the checkout around the working folder, checks that go and
// Jupyter (nbclient) are there, installs the kernel if needed (fast when it
// is already installed) and returns the checkout's root and the Python to
// pass as kernel.Options.Python. It also makes go
// test's result cache depend on every file of the checkout, since notebooks
// use packages the test binary does not import.
func Setup(t testing.TB) (root, python string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err = kernel.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	if err := kernel.CheckGo(); err != nil {
		t.Fatal(err)
	}
	python, err = kernel.FindPython(context.Background(), root, "", kernel.NeedExecute)
	if err != nil {
		skipOrFail(t, root, err)
	}
	if err := kernel.Install(Context(t), root, logWriter{t}); err != nil {
		t.Fatalf("installing the GoNB kernel: %v", err)
	}
	trackCheckout(t, root)
	return root, python
}

// skipOrFail skips the test with a banner when Jupyter is missing, or fails
// it under CI, where a skipped notebook run would hide breakage. A skip is
// kept out of go test's cache, so installing Jupyter takes effect at once.
func skipOrFail(t testing.TB, root string, err error) {
	t.Helper()
	noCache(root)
	if !errors.Is(err, kernel.ErrNoJupyter) || InCI() {
		t.Fatalf("cannot run notebooks (CI=%q, so this is an error): %v", os.Getenv("CI"), err)
	}
	banner := strings.Repeat("!", 72)
	msg := fmt.Sprintf("\n%s\nNOTEBOOKS NOT RUN: %v\n(with CI=1 this is a failure)\n%s", banner, err, banner)
	fmt.Fprintln(os.Stderr, msg)
	t.Skip(msg)
}

// Context returns a context that ends 30s before the test's deadline, so a
// notebook cut short shuts its kernel down and is reported by name.
func Context(t testing.TB) context.Context {
	ctx := t.Context()
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if end, ok := d.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, end.Add(-30*time.Second))
			t.Cleanup(cancel)
		}
	}
	return ctx
}

// noCache touches and stats a file in the checkout: go test does not cache
// a result that depends on a file modified in the last two seconds.
func noCache(root string) {
	marker := filepath.Join(root, ".tools", "nocache")
	if os.MkdirAll(filepath.Dir(marker), 0o755) == nil && os.WriteFile(marker, nil, 0o644) == nil {
		now := time.Now()
		os.Chtimes(marker, now, now)
		os.Stat(marker)
	}
}

// trackCheckout stats every file of the checkout: go test records the
// stats, so a cached pass is reused only while no file has changed.
func trackCheckout(t testing.TB, root string) {
	skip := map[string]bool{".git": true, ".tools": true, ".jupyter": true, "out": true, ".ipynb_checkpoints": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: nothing to track
		}
		if d.IsDir() && skip[d.Name()] {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			os.Stat(path)
		}
		return nil
	})
	if err != nil {
		t.Logf("tracking the checkout for the test cache: %v", err)
	}
}

// logWriter sends install progress to the test log.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
