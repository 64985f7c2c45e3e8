package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// defaultJaxScript is where the JAX reference lives by default, relative to
// the repository root: beside the checkout, as the PyTorch one.
var defaultJaxScript = filepath.Join("..", "shared", "bench", "jax_vae_ref.py")

// jaxVenv is the virtual environment vaebench makes for JAX when no
// -jax-python is given, relative to the repository root (ignored by git,
// with the other local tools), and reuses afterwards.
var jaxVenv = filepath.Join(".tools", "bench-venv")

// jaxPackages are what the JAX reference needs: XLA's CPU backend, Adam
// from optax, and numpy to read MNIST.
var jaxPackages = []string{"jax[cpu]", "optax", "numpy"}

// jaxProbe is what jaxVersion runs: JAX's version and the backend XLA
// compiles for.
const jaxProbe = `import jax, jaxlib
print(jax.__version__, "jaxlib", jaxlib.__version__)
print(jax.default_backend(), jax.devices()[0].device_kind)`

// jaxPython returns the interpreter that runs the JAX configs: explicit if
// set; else the venv's, which it makes first (python3 -m venv, then pip
// install of jaxPackages, a few hundred MB from PyPI) when it does not
// exist yet, saying so on log.
func jaxPython(explicit, root string, log io.Writer) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	venv := filepath.Join(root, jaxVenv)
	py := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(py); err == nil {
		return py, nil
	}
	fmt.Fprintf(log, "vaebench: making %s for the JAX configs (python3 -m venv, pip install %s); later runs reuse it\n", venv, strings.Join(jaxPackages, " "))
	steps := [][]string{
		{"python3", "-m", "venv", venv},
		append([]string{py, "-m", "pip", "install", "--disable-pip-version-check", "-q"}, jaxPackages...),
	}
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			os.RemoveAll(venv) // half a venv would be taken for a whole one next time
			return "", fmt.Errorf("making the JAX environment %s: `%s` failed (%v): Python 3 with venv and pip is needed "+
				"(Debian: apt-get install -y python3-venv python3-pip), or name an interpreter that has jax and optax with -jax-python", venv, strings.Join(s, " "), err)
		}
	}
	return py, nil
}

// jaxVersion asks python for JAX's version and backend, with env (a JAX
// config's environment). The error says how to install JAX.
func jaxVersion(python string, env []string) (string, error) {
	cmd := exec.Command(python, "-c", jaxProbe)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		why := strings.TrimSpace(lastLine(string(out)))
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			why = err.Error()
		}
		return "", fmt.Errorf("%s cannot import jax (%s): install it with `pip install \"jax[cpu]\" optax numpy` in a virtual environment and pass its python with -jax-python, or leave -jax-python empty and vaebench makes %s", python, why, jaxVenv)
	}
	return strings.Join(strings.Fields(string(out)), " "), nil
}

// pinned returns argv run on CPU 0 alone (taskset -c 0) for a one-thread
// config: XLA and OpenMP keep worker threads of their own whatever their
// thread settings say, so only pinning holds every engine to one core. It
// returns argv unchanged for other configs, or when taskset is missing
// (then ok is false, and the report says the 1-thread runs were not pinned).
func pinned(argv []string, threads int) (out []string, ok bool) {
	if threads != 1 {
		return argv, true
	}
	if !haveTaskset() {
		return argv, false
	}
	return append([]string{"taskset", "-c", "0"}, argv...), true
}

// haveTaskset reports whether taskset is on PATH to pin a run to one core.
func haveTaskset() bool {
	_, err := exec.LookPath("taskset")
	return err == nil
}
