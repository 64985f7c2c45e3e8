package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// modulePath is this repository's module; repoRoot looks for its go.mod.
const modulePath = "github.com/vaelab/govae"

// repoRoot returns the folder of the go.mod declaring modulePath, found by
// walking up from dir.
func repoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if modLine(string(b)) == modulePath {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod for %s in %s or above: run vaebench inside the govae checkout", modulePath, dir)
		}
	}
}

func modLine(gomod string) string {
	for _, l := range strings.Split(gomod, "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// defaultTorchScript is where the PyTorch reference lives by default,
// relative to the repository root: beside the checkout, not in it.
var defaultTorchScript = filepath.Join("..", "shared", "bench", "torch_vae_ref.py")

// torchScript returns the absolute path of the PyTorch reference script:
// flag if set (relative to the working directory), else the default
// relative to root. It fails, saying what the script is, if it is missing.
func torchScript(flag, root string) (string, error) {
	p := flag
	if p == "" {
		p = filepath.Join(root, defaultTorchScript)
	}
	p, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("-torch-script: %w", err)
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("the PyTorch reference script is missing (%w): it is torch_vae_ref.py, the pytorch/examples VAE "+
			"(github.com/pytorch/examples, vae/main.py: 784-400-20, Adam 1e-3, batch 128) reading MNIST IDX files with --data and "+
			"printing one JSON line per epoch; it is kept beside the checkout, at %s from the repository root. "+
			"Put it there, pass its path with -torch-script, or run the Go configs alone with -go-only", err, defaultTorchScript)
	}
	return p, nil
}

// torchProbe is what torchVersion runs: PyTorch's version, then the BLAS
// libraries mapped into the process once a matrix product has run (which
// library torch's products use depends on the system: Debian's libblas.so.3
// alternative is the slow reference BLAS unless OpenBLAS is installed).
const torchProbe = `import torch
a = torch.ones(64, 64); a @ a
print(torch.__version__)
libs = sorted({l.split()[-1].rsplit('/', 1)[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '/' in l})
print(','.join(libs) or 'none')`

// torchVersion asks python for PyTorch's version and the BLAS libraries it
// loads, with env (a PyTorch config's environment). The error says how to
// install PyTorch.
func torchVersion(python string, env []string) (version, blas string, err error) {
	cmd := exec.Command(python, "-c", torchProbe)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		var why string
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			why = err.Error()
		} else {
			why = strings.TrimSpace(lastLine(string(out)))
		}
		return "", "", fmt.Errorf("%s cannot import torch (%s): install PyTorch with `apt-get install -y python3-torch` (Debian, for /usr/bin/python3) or name another interpreter with -python", python, why)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		return strings.TrimSpace(lastLine(string(out))), "unknown", nil
	}
	return strings.TrimSpace(lines[len(lines)-2]), strings.TrimSpace(lines[len(lines)-1]), nil
}

// blasNote warns when PyTorch's products do not run on OpenBLAS: the
// comparison would then be against a handicapped PyTorch.
func blasNote(blas string) string {
	if strings.Contains(strings.ToLower(blas), "openblas") {
		return ""
	}
	return "PyTorch's BLAS is " + blas + ", not OpenBLAS: Debian's default libblas.so.3 is the unoptimized reference BLAS, " +
		"which makes PyTorch many times slower than it should be; install OpenBLAS (apt-get install -y libopenblas0-pthread) and run again"
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// cpuName returns the processor's model name from /proc/cpuinfo, or "".
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// loadAverage returns the 1, 5 and 15 minute load averages from
// /proc/loadavg, or "": on a shared machine they say how quiet it was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
