package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
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

// What each anchor's script is, for the error when it is missing.
const (
	torchScriptWhat = "torch_vae_ref.py, the pytorch/examples VAE (github.com/pytorch/examples, vae/main.py: 784-400-20, Adam 1e-3, batch 128)"
	jaxScriptWhat   = "jax_vae_ref.py, the same VAE in JAX with its whole training step jit-compiled by XLA"
)

// anchorScript returns the absolute path of an anchor's reference script:
// flag's value if set (relative to the working directory), else def
// relative to root. It fails, saying what the script is, if it is missing.
func anchorScript(flagName, flag, def, root, what string) (string, error) {
	p := flag
	if p == "" {
		p = filepath.Join(root, def)
	}
	p, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", flagName, err)
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("the reference script is missing (%w): it is %s, reading MNIST IDX files with --data and "+
			"printing one JSON line per epoch; it is kept beside the checkout, at %s from the repository root. "+
			"Put it there, pass its path with %s, or leave its configs out with -configs", err, what, def, flagName)
	}
	return p, nil
}

// torchProbe is what torchVersion runs: PyTorch's version, the BLAS
// libraries mapped into the process once a matrix product has run (which
// library torch's products use depends on the system: Debian's libblas.so.3
// alternative is the slow reference BLAS unless OpenBLAS is installed), and
// the BLAS torch was built with (PyTorch 2 from PyPI links MKL into
// libtorch_cpu, so no separate library shows).
const torchProbe = `import re, torch
a = torch.ones(64, 64); a @ a
print(torch.__version__)
libs = sorted({l.split()[-1].rsplit('/', 1)[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '/' in l})
m = re.search(r'BLAS_INFO=(\w+)', torch.__config__.show())
print((','.join(libs) or 'none') + '; built with BLAS_INFO=' + (m.group(1) if m else 'unknown'))`

// torchVersion asks python for PyTorch's version and the BLAS it uses,
// with env (a PyTorch config's environment). The error says how to install
// PyTorch.
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
		return "", "", fmt.Errorf("%s cannot import torch (%s): install PyTorch with `apt-get install -y python3-torch` (Debian, for /usr/bin/python3), "+
			"or PyTorch 2 from PyPI in a virtual environment (see the README's Benchmarks), and name its interpreter with -python", python, why)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		return strings.TrimSpace(lastLine(string(out))), "unknown", nil
	}
	return strings.TrimSpace(lines[len(lines)-2]), strings.TrimSpace(lines[len(lines)-1]), nil
}

// hasCompile reports whether PyTorch version (e.g. "2.5.1+cpu") has
// torch.compile, which came with 2.0.
func hasCompile(version string) bool {
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 2
}

// blasNote warns when PyTorch's products run on neither OpenBLAS nor MKL:
// the comparison would then be against a handicapped PyTorch.
func blasNote(blas string) string {
	if b := strings.ToLower(blas); strings.Contains(b, "openblas") || strings.Contains(b, "blas_info=mkl") {
		return ""
	}
	return "PyTorch's BLAS is " + blas + ", neither OpenBLAS nor MKL: Debian's default libblas.so.3 is the unoptimized reference BLAS, " +
		"which makes PyTorch many times slower than it should be; install OpenBLAS (apt-get install -y libopenblas0-pthread) and run again"
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// cpuName describes the processor from /proc/cpuinfo: vendor, model name
// and whether it has AVX-512 (the flag avx512f), e.g. "AuthenticAMD AMD
// EPYC, AVX-512: yes"; "" where there is no /proc/cpuinfo. What is fast on
// one x86 CPU can be slow on another, so every report says which it was.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	var vendor, model, avx512 string
	sc := bufio.NewScanner(f)
	for sc.Scan() && (vendor == "" || model == "" || avx512 == "") {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch k, v = strings.TrimSpace(k), strings.TrimSpace(v); k {
		case "vendor_id":
			vendor = v
		case "model name":
			model = v
		case "flags":
			avx512 = "no"
			if slices.Contains(strings.Fields(v), "avx512f") {
				avx512 = "yes"
			}
		}
	}
	if model == "" {
		return ""
	}
	return strings.TrimSpace(vendor+" "+model) + ", AVX-512: " + cmp.Or(avx512, "unknown")
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
