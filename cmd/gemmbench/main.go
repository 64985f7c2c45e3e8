// Command gemmbench compares the matmul core with OpenBLAS sgemm at the
// five products of a 784-400-20 training step at batch 128, on 1 and 2
// threads, interleaved: for each round it times every configuration once
// in turn, so load on a shared machine falls on all of them alike, and it
// reports the median over rounds.
//
//	go run ./cmd/gemmbench [-rounds 7] [-reps 200] [-coretypes ,SkylakeX]
//
// OpenBLAS is timed by blas_sgemm.py (beside this file) through numpy
// with /usr/bin/python3; on Debian install python3-numpy and
// libopenblas0-pthread. Each OpenBLAS core type is a separate setting of
// OPENBLAS_CORETYPE ("" lets OpenBLAS choose); a core type the CPU cannot
// run is reported and skipped. With -mkl-python (a Python with PyTorch 2
// from PyPI, whose products are MKL's) MKL sgemm is timed too, by
// the same script. One-thread BLAS runs are pinned to one core (taskset).
// The last column is the Go kernel's share of the best BLAS.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vaelab/govae/vae/gemm"
)

// shape is one product C = op(A)·op(B) of the training step.
type shape struct {
	name           string
	transA, transB bool
	m, n, k        int
	role           string
}

var shapes = []shape{
	{"NN_128x400x784", false, false, 128, 400, 784, "fc1 forward: X·W1"},
	{"NN_128x784x400", false, false, 128, 784, 400, "fc4 forward: H·W4"},
	{"TN_784x400x128", true, false, 784, 400, 128, "fc1 weight gradient: Xᵀ·dH"},
	{"TN_400x784x128", true, false, 400, 784, 128, "fc4 weight gradient: Hᵀ·dY"},
	{"NT_128x400x784", false, true, 128, 400, 784, "fc4 input gradient: dY·W4ᵀ"},
}

func (s shape) flops() float64 { return 2 * float64(s.m*s.n*s.k) }

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gemmbench:", err)
		os.Exit(1)
	}
}

type options struct {
	rounds, reps int
	coretypes    []string
	kernels      []string
	python       string
	script       string // blas_sgemm.py
	mklPython    string // "" skips MKL
}

func parse(args []string) (options, error) {
	fs := flag.NewFlagSet("gemmbench", flag.ContinueOnError)
	rounds := fs.Int("rounds", 7, "rounds; each times every configuration once")
	reps := fs.Int("reps", 200, "products per timing")
	coretypes := fs.String("coretypes", ",SkylakeX", "comma-separated OPENBLAS_CORETYPE values (empty: OpenBLAS chooses); \"none\" skips OpenBLAS")
	kernels := fs.String("kernels", "", "comma-separated Go micro-kernels (default: all this CPU runs, "+strings.Join(gemm.Kernels(), ", ")+")")
	python := fs.String("python", "/usr/bin/python3", "Python with numpy, for OpenBLAS")
	mklPython := fs.String("mkl-python", "", "Python with PyTorch 2 from PyPI, for MKL (empty: MKL is not timed)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if *rounds < 1 || *reps < 1 {
		return options{}, fmt.Errorf("-rounds %d -reps %d: both must be at least 1", *rounds, *reps)
	}
	o := options{rounds: *rounds, reps: *reps, python: *python, mklPython: *mklPython}
	if *coretypes != "none" {
		o.coretypes = strings.Split(*coretypes, ",")
	}
	o.kernels = gemm.Kernels()
	if *kernels != "" {
		o.kernels = strings.Split(*kernels, ",")
		for _, k := range o.kernels {
			if !slices.Contains(gemm.Kernels(), k) {
				return options{}, fmt.Errorf("-kernels: this CPU and build run %v, not %q", gemm.Kernels(), k)
			}
		}
	}
	_, file, _, _ := runtime.Caller(0)
	o.script = filepath.Join(filepath.Dir(file), "blas_sgemm.py")
	return o, nil
}

// config is one column of the comparison: a Go kernel, an OpenBLAS core
// type or MKL, at a thread count.
type config struct {
	name     string
	threads  int
	kernel   string // Go micro-kernel, or "" for a BLAS
	coretype string
	mkl      bool
}

func run(args []string, out io.Writer) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	var configs []config
	for _, th := range []int{1, 2} {
		for _, k := range o.kernels {
			configs = append(configs, config{name: "govae " + k, threads: th, kernel: k})
		}
		for _, ct := range o.coretypes {
			configs = append(configs, config{name: "openblas " + coretypeName(ct), threads: th, coretype: ct})
		}
		if o.mklPython != "" {
			configs = append(configs, config{name: "mkl (torch)", threads: th, mkl: true})
		}
	}
	// times[config][shape] collects one median-of-reps per round.
	times := make([][][]float64, len(configs))
	for i := range times {
		times[i] = make([][]float64, len(shapes))
	}
	failed := map[int]string{}
	for r := 0; r < o.rounds; r++ {
		fmt.Fprintf(os.Stderr, "round %d of %d\n", r+1, o.rounds)
		for ci, c := range configs {
			if _, bad := failed[ci]; bad {
				continue
			}
			secs, err := measure(o, c)
			if err != nil {
				failed[ci] = err.Error()
				fmt.Fprintf(os.Stderr, "%s, %d threads: %v (skipped from now on)\n", c.name, c.threads, err)
				continue
			}
			for si := range shapes {
				times[ci][si] = append(times[ci][si], secs[si])
			}
		}
	}
	report(out, o, configs, times, failed)
	return nil
}

func coretypeName(ct string) string {
	if ct == "" {
		return "(auto)"
	}
	return ct
}

// measure returns the median seconds per product of each shape for c.
func measure(o options, c config) ([]float64, error) {
	if c.kernel != "" {
		return measureGo(o, c), nil
	}
	if c.mkl {
		return measureMKL(o, c)
	}
	return measureOpenBLAS(o, c)
}

func measureGo(o options, c config) []float64 {
	os.Setenv(gemm.EnvKernel, c.kernel) // read by gemm.New below
	e := gemm.New(c.threads)
	defer e.Close()
	res := make([]float64, len(shapes))
	muls := make([]func(), len(shapes))
	for si, s := range shapes {
		a, b, cm := filled(s.m*s.k), filled(s.k*s.n), make([]float32, s.m*s.n)
		lda, ldb := s.k, s.n
		if s.transA {
			lda = s.m
		}
		if s.transB {
			ldb = s.k
		}
		muls[si] = func() { e.MatMul(s.transA, s.transB, s.m, s.n, s.k, a, lda, b, ldb, 0, cm, s.n) }
	}
	// Warm every shape first: a new engine's workers are still starting
	// when its first products run, which cost the first shape up to 40%
	// of its 2-thread speed in the timings.
	for range 10 {
		for _, mul := range muls {
			mul()
		}
	}
	for si, mul := range muls {
		var ts []float64
		for range 5 {
			t0 := time.Now()
			for range o.reps / 5 {
				mul()
			}
			ts = append(ts, time.Since(t0).Seconds()/float64(max(o.reps/5, 1)))
		}
		res[si] = median(ts)
	}
	return res
}

func filled(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i%13)*0.01 - 0.06
	}
	return x
}

// blasLine is one line of blas_sgemm.py's output.
type blasLine struct {
	Name    string  `json:"name"`
	Threads int     `json:"threads"`
	Median  float64 `json:"median_s"`
}

// measureMKL runs blas_sgemm.py --lib torch with -mkl-python.
func measureMKL(o options, c config) ([]float64, error) {
	cmd := exec.Command(o.mklPython, o.script, "--lib", "torch", "--threads", fmt.Sprint(c.threads), "--reps", fmt.Sprint(o.reps/5), "--rounds", "5")
	cmd = pinnedCmd(cmd, c.threads)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s --lib torch: %v: %s (needs PyTorch 2 from PyPI: see the README's Benchmarks)", o.mklPython, o.script, err, strings.TrimSpace(stderr.String()))
	}
	return parseBLAS(outb)
}

func measureOpenBLAS(o options, c config) ([]float64, error) {
	cmd := exec.Command(o.python, o.script, "--lib", "numpy", "--threads", fmt.Sprint(c.threads), "--reps", fmt.Sprint(o.reps/5), "--rounds", "5")
	cmd = pinnedCmd(cmd, c.threads)
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") || strings.HasPrefix(kv, "OPENBLAS_CORETYPE=")
	})
	if c.coretype != "" {
		env = append(env, "OPENBLAS_CORETYPE="+c.coretype)
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ProcessState.Sys() != nil && strings.Contains(ee.ProcessState.String(), "illegal instruction") {
			return nil, fmt.Errorf("OPENBLAS_CORETYPE=%s: this CPU cannot run it (illegal instruction)", c.coretype)
		}
		return nil, fmt.Errorf("%s %s: %v: %s (needs numpy: apt-get install -y python3-numpy libopenblas0-pthread)", o.python, o.script, err, strings.TrimSpace(stderr.String()))
	}
	return parseBLAS(outb)
}

func parseBLAS(b []byte) ([]float64, error) {
	res := make([]float64, len(shapes))
	seen := 0
	for _, ln := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var l blasLine
		if err := json.Unmarshal(ln, &l); err != nil {
			return nil, fmt.Errorf("reading the BLAS script's output %q: %w", ln, err)
		}
		i := slices.IndexFunc(shapes, func(s shape) bool { return s.name == l.Name })
		if i < 0 || !(l.Median > 0) {
			return nil, fmt.Errorf("the BLAS script reported %q with %g s: unknown shape or bad time", l.Name, l.Median)
		}
		res[i] = l.Median
		seen++
	}
	if seen != len(shapes) {
		return nil, fmt.Errorf("the BLAS script reported %d shapes, want %d", seen, len(shapes))
	}
	return res, nil
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// report prints GFLOP/s of each configuration per shape (median over
// rounds) and, for each Go kernel, its share of the best OpenBLAS setting
// at the same thread count.
func report(out io.Writer, o options, configs []config, times [][][]float64, failed map[int]string) {
	fmt.Fprintf(out, "GFLOP/s, median of %d interleaved rounds (%d products each); CPU kernels available: %v\n\n", o.rounds, o.reps, gemm.Kernels())
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprint(tw, "shape\tthreads\t")
	for _, c := range configs[:len(configs)/2] {
		fmt.Fprintf(tw, "%s\t", c.name)
	}
	fmt.Fprintf(tw, "govae %s / best BLAS\t\n", o.kernels[0])
	for _, th := range []int{1, 2} {
		for si, s := range shapes {
			fmt.Fprintf(tw, "%s\t%d\t", s.name, th)
			bestBLAS, bestGo := 0.0, 0.0
			for ci, c := range configs {
				if c.threads != th {
					continue
				}
				if _, bad := failed[ci]; bad || len(times[ci][si]) == 0 {
					fmt.Fprint(tw, "—\t")
					continue
				}
				g := s.flops() / median(times[ci][si]) / 1e9
				fmt.Fprintf(tw, "%.1f\t", g)
				if c.kernel == "" {
					bestBLAS = max(bestBLAS, g)
				} else if c.kernel == o.kernels[0] {
					bestGo = g
				}
			}
			if bestBLAS > 0 && bestGo > 0 {
				fmt.Fprintf(tw, "%.0f%%\t\n", 100*bestGo/bestBLAS)
			} else {
				fmt.Fprint(tw, "—\t\n")
			}
		}
	}
	tw.Flush()
	for ci, msg := range failed {
		fmt.Fprintf(out, "\n%s, %d threads: %s", configs[ci].name, configs[ci].threads, msg)
	}
	fmt.Fprintln(out)
}

// pinnedCmd runs cmd on CPU 0 alone (taskset -c 0) when threads is 1 and
// taskset is there: a BLAS may keep OpenMP threads whatever its thread
// count says.
func pinnedCmd(cmd *exec.Cmd, threads int) *exec.Cmd {
	ts, err := exec.LookPath("taskset")
	if threads != 1 || err != nil {
		return cmd
	}
	p := exec.Command(ts, append([]string{"-c", "0"}, cmd.Args...)...)
	p.Env = cmd.Env
	return p
}
