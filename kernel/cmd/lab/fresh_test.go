//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestFreshMachine runs the README's first command as a learner on a new
// machine would: in a copy of the checkout holding what a clone would
// (the files git tracks, and new ones it does not ignore), with a throwaway
// HOME, and with a python3 that has no Jupyter (a bare virtual environment
// of the machine's Python) first on a PATH that holds no other Python
// tools. The command must make .tools/venv with the pinned JupyterLab,
// install the kernel and serve the learner's copies of the notebooks:
// Jupyter's HTTP API must list every course notebook. Afterwards the
// headless runner's Python (what go test's notebook tests look for) must be
// found, so that they run rather than skip.
//
// Go's caches are the test's own (GOCACHE, GOMODCACHE), as a second
// project on the same machine would find them; pip's are fresh, so the
// test downloads JupyterLab from PyPI (about 100 MB). It takes a minute or
// two, and is left out by -short.
func TestFreshMachine(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the fresh-machine run installs JupyterLab from PyPI")
	}
	start := time.Now()
	wd, _ := os.Getwd()
	root, err := kernel.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bare := barePython(t, filepath.Join(tmp, "python"))
	checkout := filepath.Join(tmp, "govae")
	copyCheckout(t, root, checkout)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	env := freshEnv(t, filepath.Join(tmp, "home"),
		strings.Join([]string{filepath.Dir(goBin), filepath.Dir(bare), "/usr/bin", "/bin"}, string(filepath.ListSeparator)))
	t.Logf("%.0fs: copied the checkout to %s; python3 without Jupyter: %s", time.Since(start).Seconds(), checkout, bare)

	// The first run makes a venv (pip) and compiles the kernel's tools.
	labURL := kerneltest.StartLab(t, checkout, env, 15*time.Minute)
	t.Logf("%.0fs: JupyterLab serves %s", time.Since(start).Seconds(), labURL)

	names := listNotebooks(t, labURL)
	course, _ := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	for _, c := range course {
		if !slices.Contains(names, filepath.Base(c)) {
			t.Errorf("Jupyter does not list %s; it lists %v", filepath.Base(c), names)
		}
	}
	if _, err := os.Stat(filepath.Join(checkout, workDir, filepath.Base(course[0]))); err != nil {
		t.Errorf("no copy of the notebooks in %s: %v", workDir, err)
	}
	if _, err := kernel.FindPython(t.Context(), checkout, "", kernel.NeedExecute); err != nil {
		t.Errorf("after the first command, go test would skip the notebooks: %v", err)
	}
	t.Logf("%.0fs: the API lists %d notebooks", time.Since(start).Seconds(), len(names))
}

// barePython makes a virtual environment without pip or site packages
// from the machine's python3 in dir and returns its python3: an
// interpreter that cannot import Jupyter whatever the machine has.
func barePython(t *testing.T, dir string) string {
	t.Helper()
	fail := t.Skipf
	if kerneltest.InCI() {
		fail = t.Fatalf
	}
	// The executable behind python3, not a wrapper such as pyenv's shim,
	// which would need the PATH the test takes away.
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		fail("no python3 to play the fresh machine's Python: %v", err)
	}
	real := strings.TrimSpace(string(out))
	if out, err := exec.Command(real, "-m", "venv", "--without-pip", dir).CombinedOutput(); err != nil {
		fail("%s cannot make a virtual environment: %v\n%s", real, err, out)
	}
	py := filepath.Join(dir, "bin", "python3")
	if exec.Command(py, "-c", "import jupyterlab").Run() == nil {
		t.Fatalf("%s imports jupyterlab: it cannot play a Python without Jupyter", py)
	}
	return py
}

// copyCheckout copies what a clone of root would hold into dst: the files
// git tracks and those it would not ignore, as they are in the working tree.
func copyCheckout(t *testing.T, root, dst string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("git ls-files in %s: %v (the test copies a git checkout)", root, err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the working tree, or not a plain file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// freshEnv is the test's environment with a new HOME and PATH, without
// anything that points at a Python, Jupyter or pyenv, and with Go's caches
// named explicitly (they would otherwise move with HOME).
func freshEnv(t *testing.T, home, path string) []string {
	t.Helper()
	goEnv, err := exec.Command("go", "env", "GOPATH", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	vals := strings.Split(strings.TrimSpace(string(goEnv)), "\n")
	if len(vals) != 3 {
		t.Fatalf("go env printed %q", goEnv)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "HOME", k == "PATH", k == "VIRTUAL_ENV", k == "PYTHONPATH", k == "PYTHONHOME",
			strings.HasPrefix(k, "JUPYTER"), strings.HasPrefix(k, "PYENV"), strings.HasPrefix(k, "XDG_"), strings.HasPrefix(k, "PIP_"):
		default:
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "PATH="+path, "GOPATH="+vals[0], "GOCACHE="+vals[1], "GOMODCACHE="+vals[2])
}

// listNotebooks waits until the Jupyter server behind labURL answers, asks
// it for the files in its root folder through its HTTP API, and returns the
// notebooks' names.
func listNotebooks(t *testing.T, labURL string) []string {
	t.Helper()
	u, err := url.Parse(labURL)
	if err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf("%s://%s/api/contents?token=%s", u.Scheme, u.Host, u.Query().Get("token"))
	// Jupyter prints its URL a moment before it accepts connections.
	var resp *http.Response
	for wait := time.Now(); ; time.Sleep(200 * time.Millisecond) {
		if resp, err = http.Get(api); err == nil || time.Since(wait) > 30*time.Second {
			break
		}
	}
	if err != nil {
		t.Fatalf("GET /api/contents: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/contents: %s\n%s", resp.Status, bytes.TrimSpace(body))
	}
	var dir struct {
		Content []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"content"`
	}
	if err := json.Unmarshal(body, &dir); err != nil {
		t.Fatalf("GET /api/contents: %v\n%s", err, body)
	}
	var names []string
	for _, c := range dir.Content {
		if c.Type == "notebook" {
			names = append(names, c.Name)
		}
	}
	return names
}
