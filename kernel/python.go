package kernel

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// requirements is kernel/requirements.txt: the pinned Python packages
// (jupyterlab, nbclient) that .ci/run and [MakeVenv] install.
//
//go:embed requirements.txt
var requirements string

// ErrNoJupyter is returned by [FindPython] when no Python can run Jupyter.
var ErrNoJupyter = errors.New("kernel: Jupyter is not installed")

// Need names the Python modules a caller needs: [NeedExecute] for headless
// runs, [NeedLab] for the editor.
type Need string

// The Python modules checked by [FindPython].
const (
	// NeedExecute asks for nbclient, jupyter_client and nbformat (Execute).
	NeedExecute Need = "nbclient"
	// NeedLab asks for jupyterlab, or Debian's classic notebook.
	NeedLab Need = "lab"
)

// FindPython returns the Python interpreter to use: explicit if not empty,
// else root/.tools/venv/bin/python3 if that venv exists, else python3 on
// PATH, resolved to the executable behind it (sys.executable). It checks
// that the interpreter imports what need asks for, and otherwise returns an
// error wrapping [ErrNoJupyter] that lists the ways to install Jupyter.
// Pass the result as [Options.Python] when executing several notebooks.
func FindPython(ctx context.Context, root, explicit string, need Need) (string, error) {
	py, err := pickPython(root, explicit)
	if err != nil {
		return "", err
	}
	probe := "import nbclient, jupyter_client, nbformat"
	if need == NeedLab {
		probe = "import importlib.util as u; assert u.find_spec('jupyterlab') or u.find_spec('notebook'), 'neither jupyterlab nor notebook is installed'"
	}
	// Print the real interpreter: starting it directly skips wrappers such
	// as pyenv's shims, which cost a second or more per run.
	out, err := exec.CommandContext(ctx, py, "-c", probe+"; import sys; print(sys.executable)").CombinedOutput()
	if err != nil {
		return "", noJupyter(fmt.Sprintf("%s cannot %s (%v: %s)", py, need.what(), err, lastLine(out)))
	}
	if real := lastLine(out); filepath.IsAbs(real) {
		return real, nil
	}
	return py, nil
}

// pickPython is FindPython without the import check.
func pickPython(root, explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	venvPy := filepath.Join(venvDir(root), "bin", "python3")
	if _, err := os.Stat(venvPy); err == nil {
		return venvPy, nil
	}
	if p, err := exec.LookPath("python3"); err == nil {
		return p, nil
	}
	return "", noJupyter("no python3 on PATH")
}

func (n Need) what() string {
	if n == NeedLab {
		return "import jupyterlab or notebook"
	}
	return "import nbclient"
}

func noJupyter(why string) error {
	return fmt.Errorf("%w: %s.\nThe notebooks need Python 3 with JupyterLab (to edit them) and nbclient (to run them "+
		"headlessly in go test and nbrun).\nInstall them one of these ways, then run the command again:\n"+
		"  pip install -r kernel/requirements.txt             (the pinned jupyterlab and nbclient)\n"+
		"  apt-get install jupyter-notebook python3-nbclient  (Debian/Ubuntu)\n"+
		"  go run ./kernel/cmd/lab -venv -install             (a local venv in .tools/venv and the kernel, nothing global)\n"+
		"or pass -python /path/to/python3 for an interpreter that has them", ErrNoJupyter, why)
}

// MakeVenv creates root/.tools/venv with basePython (python3 if empty) and
// pip-installs kernel/requirements.txt into it; a venv left there by an
// interrupted run is replaced. [FindPython] prefers this venv once it
// exists. What it is doing, and pip's progress, go to log.
//
// Where basePython cannot make a venv with pip in it (Debian and Ubuntu
// ship that part separately), the error names the package to install.
func MakeVenv(ctx context.Context, root, basePython string, log io.Writer) error {
	if basePython == "" {
		basePython = "python3"
	}
	if err := canMakeVenv(ctx, basePython); err != nil {
		return err
	}
	dir := venvDir(root)
	start := time.Now()
	fmt.Fprintf(log, "kernel: step 1 of 2: creating a Python virtual environment in %s\n", dir)
	if err := run(ctx, log, "", nil, basePython, "-m", "venv", "--clear", dir); err != nil {
		return fmt.Errorf("kernel: making the venv: %w", err)
	}
	req := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(req, []byte(requirements), 0o644); err != nil {
		return fmt.Errorf("kernel: writing %s: %w", req, err)
	}
	fmt.Fprintf(log, "kernel: step 2 of 2: installing %s from PyPI into it (about 100 MB; a minute or two on a fresh machine)\n", pins())
	py := filepath.Join(dir, "bin", "python3")
	if err := run(ctx, log, "", nil, py, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", req); err != nil {
		// A half-filled venv would be picked by FindPython and fail there:
		// remove it, so that the next run starts over.
		os.RemoveAll(dir)
		return fmt.Errorf("kernel: installing Jupyter into the venv (check the network, or a proxy setting such as PIP_INDEX_URL, "+
			"then run the command again): %w", err)
	}
	fmt.Fprintf(log, "kernel: the Python environment is ready (%.0fs)\n", time.Since(start).Seconds())
	return nil
}

// canMakeVenv checks that python can run `python -m venv` with pip inside,
// which Debian and Ubuntu split off into python3.X-venv; the error names
// that package for the interpreter's own version.
func canMakeVenv(ctx context.Context, python string) error {
	out, err := exec.CommandContext(ctx, python, "-c",
		"import sys; print('%d.%d' % sys.version_info[:2]); import venv, ensurepip").CombinedOutput()
	if err == nil {
		return nil
	}
	version := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) || !strings.Contains(version, ".") {
		return fmt.Errorf("%w, and %s cannot run to make a local one (%v).\n"+
			"To fix, install Python 3 (Debian, Ubuntu: sudo apt-get install python3 python3-venv), then run the command again: it installs the rest",
			ErrNoJupyter, python, err)
	}
	return fmt.Errorf("%w, and %s (Python %s) cannot make a virtual environment with pip in it to hold one (%s).\n"+
		"To fix, install its venv module, then run the command again:\n"+
		"  sudo apt-get install python%s-venv   (Debian, Ubuntu)\n"+
		"or pass -python /path/to/python3 for an interpreter that has Jupyter", ErrNoJupyter, python, version, lastLine(out), version)
}

// pins lists the packages kernel/requirements.txt pins, e.g.
// "jupyterlab==4.6.6, nbclient==0.11.0".
func pins() string {
	var p []string
	for _, line := range strings.Split(requirements, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			p = append(p, line)
		}
	}
	return strings.Join(p, ", ")
}

// run runs a command in dir with env (nil: inherited), sending its output to
// log; a failure's error carries the command line and its last output line.
func run(ctx context.Context, log io.Writer, dir string, env []string, name string, args ...string) error {
	var buf bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout = io.MultiWriter(log, &buf)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, lastLine(buf.Bytes()))
	}
	return nil
}

// lastLine returns the last non-empty line of out, for error messages.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
