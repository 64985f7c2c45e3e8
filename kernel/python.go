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
		probe = "import importlib.util as u; assert u.find_spec('jupyterlab') or u.find_spec('notebook')"
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
		"  go run ./kernel/cmd/lab -venv                      (a local venv in .tools/venv, nothing global)\n"+
		"or pass -python /path/to/python3 for an interpreter that has them", ErrNoJupyter, why)
}

// MakeVenv creates root/.tools/venv with basePython (python3 if empty) and
// pip-installs kernel/requirements.txt into it. [FindPython] prefers this venv once
// it exists. Progress goes to log.
func MakeVenv(ctx context.Context, root, basePython string, log io.Writer) error {
	if basePython == "" {
		basePython = "python3"
	}
	dir := venvDir(root)
	fmt.Fprintf(log, "kernel: creating a Python venv in %s\n", dir)
	if err := run(ctx, log, "", nil, basePython, "-m", "venv", dir); err != nil {
		return fmt.Errorf("kernel: making the venv (on Debian: apt-get install python3-venv): %w", err)
	}
	req := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(req, []byte(requirements), 0o644); err != nil {
		return fmt.Errorf("kernel: writing %s: %w", req, err)
	}
	py := filepath.Join(dir, "bin", "python3")
	if err := run(ctx, log, "", nil, py, "-m", "pip", "install", "-q", "-r", req); err != nil {
		return fmt.Errorf("kernel: installing Jupyter into the venv: %w", err)
	}
	return nil
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
