package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vaelab/govae/vae/gemm"
)

// Trainers a config can run.
const (
	goTrainer    = "go"
	torchTrainer = "torch"
	jaxTrainer   = "jax"
)

// skylakeX is the OpenBLAS core type that selects its AVX-512 kernels.
const skylakeX = "SkylakeX"

// envSparse is the variable that, set to "off", makes vae.New's fc1 use
// the dense product (vae/sparse.go).
const envSparse = "VAE_SPARSE"

// config is one benchmarked setting: a trainer, a thread count, and for Go
// a forced micro-kernel (VAE_GEMM) or dense first-layer products
// (VAE_SPARSE=off), for PyTorch a forced OpenBLAS core type
// (OPENBLAS_CORETYPE) or the model compiled by torch.compile. Empty means
// the default.
type config struct {
	Name     string
	Trainer  string // goTrainer, or an anchor: torchTrainer or jaxTrainer
	Threads  int
	Kernel   string // Go: "" (the fastest the CPU has) or a gemm kernel name
	CoreType string // PyTorch: "" (OpenBLAS's own choice) or skylakeX
	Dense    bool   // Go: fc1 multiplies the input's zeros too, as PyTorch does
	Compile  bool   // PyTorch: the model wrapped in torch.compile (PyTorch 2)
}

// allConfigs lists every config in table order: Go with the default
// kernel, the same with dense first-layer products (what skipping the
// input's zeros saves), forced AVX2, forced pure Go; PyTorch with OpenBLAS's own core
// type, with SkylakeX, and compiled by torch.compile; JAX with its whole
// step compiled by XLA; each at 1 and 2 threads.
func allConfigs() []config {
	var cs []config
	add := func(prefix, trainer, kernel, core string) {
		for _, t := range []int{1, 2} {
			cs = append(cs, config{Name: prefix + "-t" + strconv.Itoa(t), Trainer: trainer, Threads: t, Kernel: kernel, CoreType: core})
		}
	}
	add("go", goTrainer, "", "")
	add("go-dense", goTrainer, "", "")
	cs[len(cs)-1].Dense, cs[len(cs)-2].Dense = true, true
	add("go-avx2", goTrainer, "avx2", "")
	add("go-purego", goTrainer, "go", "")
	add("torch", torchTrainer, "", "")
	add("torch-skx", torchTrainer, "", skylakeX)
	add("torch-compile", torchTrainer, "", "")
	cs[len(cs)-1].Compile, cs[len(cs)-2].Compile = true, true
	add("jax", jaxTrainer, "", "")
	return cs
}

// selectConfigs picks configs by a comma-separated list of names and the
// groups "all", "go", "torch" and "jax", keeping table order. kernels are the
// micro-kernels this CPU runs, fastest first (gemm.Kernels()). A Go config
// that forces a kernel the CPU lacks is dropped with a note; so is one
// that forces the kernel the default picks anyway, unless asked for by
// name, since it would repeat a config; and a PyTorch config forcing
// OpenBLAS's AVX-512 code on a CPU without AVX-512 (gemm finds no avx512
// kernel), unless asked for by name, since it dies of an illegal
// instruction.
func selectConfigs(list string, kernels []string) ([]config, []string, error) {
	all := allConfigs()
	want := map[string]bool{}
	named := map[string]bool{}
	for _, w := range strings.Split(list, ",") {
		w = strings.TrimSpace(w)
		switch {
		case w == "":
		case w == "all":
			for _, c := range all {
				want[c.Name] = true
			}
		case w == goTrainer || w == torchTrainer || w == jaxTrainer:
			for _, c := range all {
				if c.Trainer == w {
					want[c.Name] = true
				}
			}
		case slices.ContainsFunc(all, func(c config) bool { return c.Name == w }):
			want[w], named[w] = true, true
		default:
			return nil, nil, fmt.Errorf("-configs: unknown config %q: use all, go, torch, jax or names from %s", w, strings.Join(configNames(all), ", "))
		}
	}
	var picked []config
	var notes []string
	for _, c := range all {
		if !want[c.Name] {
			continue
		}
		if c.Kernel != "" && !slices.Contains(kernels, c.Kernel) {
			notes = append(notes, fmt.Sprintf("%s skipped: this CPU has no %s kernel (it runs %s)", c.Name, c.Kernel, strings.Join(kernels, ", ")))
			continue
		}
		if c.CoreType == skylakeX && !slices.Contains(kernels, "avx512") && !named[c.Name] {
			notes = append(notes, fmt.Sprintf("%s skipped: OPENBLAS_CORETYPE=%s selects AVX-512 code, which this CPU lacks (name it in -configs to try anyway)", c.Name, skylakeX))
			continue
		}
		if c.Kernel != "" && len(kernels) > 0 && c.Kernel == kernels[0] && !named[c.Name] {
			notes = append(notes, fmt.Sprintf("%s skipped: %s is already the default kernel on this CPU, so it would repeat go-t%d (name it in -configs to run it anyway)", c.Name, c.Kernel, c.Threads))
			continue
		}
		picked = append(picked, c)
	}
	if len(picked) == 0 {
		return nil, notes, fmt.Errorf("-configs %q selects nothing to run", list)
	}
	return picked, notes, nil
}

func configNames(cs []config) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}

// defaultKernel names the kernel a Go config without VAE_GEMM uses.
func defaultKernel() string { return gemm.Kernels()[0] }

// envEdit is how a child's environment differs from the benchmark's:
// variables set, and variables removed.
type envEdit struct {
	Set   map[string]string
	Unset []string
}

// envFor says how to change the environment for c. Go: VAE_GEMM set to
// the forced kernel, or removed. PyTorch: OPENBLAS_CORETYPE set or
// removed; OPENBLAS_L2_SIZE removed (it would override OpenBLAS's cache
// blocking); OPENBLAS_NUM_THREADS and OMP_NUM_THREADS removed so that the
// script sets them from --threads (it only fills them in when absent).
func envFor(c config) envEdit {
	e := envEdit{Set: map[string]string{}}
	switch c.Trainer {
	case goTrainer:
		if c.Kernel != "" {
			e.Set[gemm.EnvKernel] = c.Kernel
		} else {
			e.Unset = append(e.Unset, gemm.EnvKernel)
		}
		if c.Dense { // the variable vae.New reads (vae/sparse.go)
			e.Set[envSparse] = "off"
		} else {
			e.Unset = append(e.Unset, envSparse)
		}
	case jaxTrainer:
		// The script sets both from --threads, adding to XLA_FLAGS.
		e.Unset = append(e.Unset, "XLA_FLAGS", "OMP_NUM_THREADS")
	case torchTrainer:
		e.Unset = append(e.Unset, "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
		if c.CoreType != "" {
			e.Set["OPENBLAS_CORETYPE"] = c.CoreType
		} else {
			e.Unset = append(e.Unset, "OPENBLAS_CORETYPE")
		}
	}
	return e
}

// apply returns base (KEY=value entries) with e applied; every entry for a
// set or removed key is replaced, so a duplicate cannot survive.
func (e envEdit) apply(base []string) []string {
	var out []string
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, set := e.Set[k]; set || slices.Contains(e.Unset, k) {
			continue
		}
		out = append(out, kv)
	}
	keys := make([]string, 0, len(e.Set))
	for k := range e.Set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, k+"="+e.Set[k])
	}
	return out
}

// String describes e for the plan and the raw JSON, e.g.
// "VAE_GEMM=avx2" or "-OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=SkylakeX".
func (e envEdit) String() string {
	var parts []string
	for _, k := range e.Unset {
		parts = append(parts, "-"+k)
	}
	keys := make([]string, 0, len(e.Set))
	for k := range e.Set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+e.Set[k])
	}
	return strings.Join(parts, " ")
}
