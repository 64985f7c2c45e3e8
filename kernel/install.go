package kernel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gonbModule is the GoNB module, pinned as a tool in the root go.mod.
const gonbModule = "github.com/janpfeifer/gonb"

// errNotInstalled is wrapped by verify when the kernel is missing or only
// partly installed.
var errNotInstalled = errors.New("kernel: the GoNB kernel is not (fully) installed")

// installTools are the binaries [Install] puts in binDir, with what each
// is for, which verify says when one is missing.
var installTools = []struct{ name, role string }{
	{"gonb", "the kernel itself"},
	{"goimports", "GoNB runs it on every cell to fill in the imports: without it every cell fails"},
	{"gopls", "GoNB asks it for completion and documentation as you type"},
}

// Install builds gonb (from the root go.mod), goimports and gopls (from
// tools/go.mod) into root/.tools/bin, runs `gonb --install` with
// JUPYTER_DATA_DIR set to root/.jupyter, points kernel.json at the binaries
// and checks that every piece is in place. It is idempotent: when the pins, the Go version and the
// checkout's path are those of the last install and verify passes, it
// returns at once. Concurrent installs (parallel go test packages) take
// turns on a lock file. Progress goes to log.
func Install(ctx context.Context, root string, log io.Writer) error {
	if err := CheckGo(); err != nil {
		return err
	}
	if err := os.MkdirAll(binDir(root), 0o755); err != nil {
		return fmt.Errorf("kernel: creating %s: %w", binDir(root), err)
	}
	unlock, err := lockFile(filepath.Join(root, ".tools", "install.lock"))
	if err != nil {
		return fmt.Errorf("kernel: locking the install: %w", err)
	}
	defer unlock()

	key, err := installKey(ctx, root)
	if err != nil {
		return err
	}
	stamp := filepath.Join(root, ".tools", "install.stamp")
	if old, err := os.ReadFile(stamp); err == nil && string(old) == key && verify(root) == nil {
		return nil
	}
	os.Remove(stamp)
	env := Environ(root, os.Environ())
	// The Go tools are compiled from source: the first install downloads
	// their modules, as go build does for any dependency.
	const network = "; the first install downloads modules through the Go module proxy: check the network " +
		"(or GOPROXY, GOFLAGS) and the error above, then re-run `go run ./kernel/cmd/lab -install`"
	steps := []struct {
		what, dir string
		env       []string
		args      []string
		hint      string
	}{
		{"gonb (root go.mod)", root, env,
			[]string{"go", "build", "-o", filepath.Join(binDir(root), "gonb"), gonbModule}, network},
		{"goimports and gopls (tools/go.mod)", filepath.Join(root, "tools"),
			append(env[:len(env):len(env)], "GOBIN="+binDir(root)), []string{"go", "install", "tool"}, network},
		{"the kernel spec (gonb --install)", root, env,
			[]string{filepath.Join(binDir(root), "gonb"), "--install"}, "; re-run `go run ./kernel/cmd/lab -install`"},
	}
	for _, s := range steps {
		start := time.Now()
		fmt.Fprintf(log, "kernel: installing %s ...\n", s.what)
		if err := run(ctx, log, s.dir, s.env, s.args[0], s.args[1:]...); err != nil {
			return fmt.Errorf("kernel: installing %s failed, so the kernel is half-installed%s: %w", s.what, s.hint, err)
		}
		fmt.Fprintf(log, "kernel: installed %s in %.1fs\n", s.what, time.Since(start).Seconds())
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("kernel: go env GOROOT: %w", err)
	}
	if err := fixSpec(root, filepath.Join(strings.TrimSpace(string(goroot)), "bin")); err != nil {
		return err
	}
	if err := verify(root); err != nil {
		return err
	}
	if err := os.WriteFile(stamp, []byte(key), 0o644); err != nil {
		return fmt.Errorf("kernel: writing %s: %w", stamp, err)
	}
	fmt.Fprintf(log, "kernel: %q installed in %s\n", KernelName, SpecPath(root))
	return nil
}

// installKey identifies what an install depends on: the gonb pin, the tools
// module, the Go version and the checkout's location.
func installKey(ctx context.Context, root string) (string, error) {
	h := sha256.New()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("kernel: reading go.mod: %w", err)
	}
	for _, line := range strings.Split(string(gomod), "\n") {
		if strings.Contains(line, gonbModule+" ") {
			fmt.Fprintln(h, strings.TrimSpace(line))
		}
	}
	for _, f := range []string{"tools/go.mod", "tools/go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", fmt.Errorf("kernel: reading %s (the tool pins): %w", f, err)
		}
		h.Write(data)
	}
	out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION", "GOOS", "GOARCH").Output()
	if err != nil {
		return "", fmt.Errorf("kernel: go env: %w", err)
	}
	// specVersion changes when fixSpec writes kernel.json differently, so
	// that older installs are redone.
	const specVersion = "kernel.json: PATH=bin:${PATH}:GOROOT/bin"
	fmt.Fprintf(h, "%s\n%s\n%s\n", out, root, specVersion)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fixSpec rewrites kernel.json so that argv[0] is binDir/gonb (gonb copies
// itself into the kernel folder when run from /tmp) and the kernel's PATH
// is binDir, then the PATH Jupyter was started with, then goBin: the kernel
// finds goimports whoever launches Jupyter, and a go command even when
// Jupyter was started without one on its PATH (a desktop launcher, an
// editor), while a go on Jupyter's PATH still comes first.
func fixSpec(root, goBin string) error {
	path := SpecPath(root)
	spec, err := readSpec(path)
	if err != nil {
		return fmt.Errorf("%w: %v", errNotInstalled, err)
	}
	argv, _ := spec["argv"].([]any)
	if len(argv) == 0 {
		return fmt.Errorf("%w: %s has no argv", errNotInstalled, path)
	}
	argv[0] = filepath.Join(binDir(root), "gonb")
	env, _ := spec["env"].(map[string]any)
	if env == nil {
		env = map[string]any{}
	}
	env["PATH"] = strings.Join([]string{binDir(root), "${PATH}", goBin}, string(filepath.ListSeparator))
	spec["argv"], spec["env"] = argv, env
	os.Remove(filepath.Join(filepath.Dir(path), "gonb")) // the /tmp copy, now unused
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return fmt.Errorf("kernel: encoding %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("kernel: writing %s: %w", path, err)
	}
	return nil
}

// readSpec reads the kernel spec Jupyter starts the kernel from.
func readSpec(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("the kernel spec %s is missing", path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the kernel spec: %v", err)
	}
	var spec map[string]any
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("the kernel spec %s is not valid JSON: %v", path, err)
	}
	return spec, nil
}

// verify checks an install without changing it: the three binaries are in
// binDir and start, kernel.json's argv[0] is binDir/gonb, and goimports and go are
// found on the PATH the kernel will run with. The error wraps
// errNotInstalled, lists every missing piece with what it is for, and
// says how to repair the install.
func verify(root string) error {
	var missing []string
	for _, t := range installTools {
		path := lookPathIn(t.name, binDir(root))
		if path == "" {
			missing = append(missing, fmt.Sprintf("%s is missing (%s)", filepath.Join(binDir(root), t.name), t.role))
			continue
		}
		// A file that is there but does not start (junk bytes, a binary
		// for another machine) fails every cell just the same. Asking for
		// its usage runs it without doing anything; exiting with an error
		// is fine, not starting is not.
		var exit *exec.ExitError
		if err := exec.Command(path, "-h").Run(); err != nil && !errors.As(err, &exit) {
			missing = append(missing, fmt.Sprintf("%s cannot run (%v), so it is damaged (%s)", path, err, t.role))
		}
	}
	spec, err := readSpec(SpecPath(root))
	if err != nil {
		missing = append(missing, err.Error())
	} else {
		argv, _ := spec["argv"].([]any)
		want := filepath.Join(binDir(root), "gonb")
		if len(argv) == 0 || argv[0] != want {
			missing = append(missing, fmt.Sprintf("kernel.json argv[0] is not %s", want))
		}
		env, _ := spec["env"].(map[string]any)
		raw, _ := env["PATH"].(string)
		kpath := strings.ReplaceAll(raw, "${PATH}", os.Getenv("PATH"))
		for _, t := range []string{"goimports", "go"} {
			if lookPathIn(t, kpath) == "" {
				missing = append(missing, fmt.Sprintf("%s is not on the kernel's PATH (%q in %s)", t, raw, SpecPath(root)))
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w in %s:\n  %s\nTo fix: run `go run ./kernel/cmd/lab -install` in the checkout; it rebuilds what is missing",
			errNotInstalled, root, strings.Join(missing, "\n  "))
	}
	return nil
}

// WiringCell is the first code cell of every notebook, as in the package
// doc: it points GoNB's scratch module at the checkout holding the notebook
// (found by walking up from the notebook's folder to go.mod) and pins gonb
// for gonbui. It prints "wired to <module>" (not the checkout's path, which a saved
// notebook would otherwise carry to every other machine).
const WiringCell = `!*ROOT="$GONB_DIR"; while [ ! -f "$ROOT/go.mod" ] && [ "$ROOT" != / ]; do ROOT="$(dirname "$ROOT")"; done; \
  MOD="$(cd "$ROOT" && go list -m)" && \
  go mod edit -require="$MOD@v0.0.0-00010101000000-000000000000" -replace="$MOD=$ROOT" && \
  go get github.com/janpfeifer/gonb@v0.11.4 2>/dev/null && echo "wired to $MOD"`
