// Command vaebench times the 784-400-20 VAE on full MNIST, trained by this
// library (cmd/vaetrain) and by the PyTorch reference script, in one run
// on one machine, and prints a Markdown table: median epoch time, speed
// against PyTorch, final test loss, achieved GFLOP/s and peak memory.
//
//	go run ./cmd/vaebench -epochs 10 -rounds 2
//
// Each config trains in its own process, so peak RSS is read the same way
// for Go and Python: from the child's rusage when it exits. Configs run
// whole runs in turn, round after round, each round starting one config
// later (A B C, then B C A, ...), so a slow spell on a shared machine
// lands on several configs rather than on one. Interleaving single epochs
// instead would mean stopping and resuming training between processes,
// which the PyTorch script cannot do, and adding a process start and a
// data load to every epoch.
//
// The raw epoch lines of every run go to a JSON file (-json), so the
// table's figures can be checked.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae/gemm"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "vaebench:", err)
		os.Exit(1)
	}
}

// The architecture and batch both trainers use: the PyTorch script fixes
// them, and vaetrain is told them explicitly.
const (
	hidden = 400
	latent = 20
	batch  = 128
)

// options are the command-line settings.
type options struct {
	epochs, rounds               int
	seed                         uint64
	configs, torchScript, python string
	jaxScript, jaxPython         string
	data, jsonOut                string
	goOnly, torchOnly, dryRun    bool
}

func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("vaebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.epochs, "epochs", 10, "epochs per run")
	fs.IntVar(&o.rounds, "rounds", 1, "runs per config, interleaved round-robin")
	fs.Uint64Var(&o.seed, "seed", 1, "seed passed to both trainers")
	fs.StringVar(&o.configs, "configs", "all", "comma-separated configs: all, go, torch, jax, or names ("+strings.Join(configNames(allConfigs()), ", ")+")")
	fs.BoolVar(&o.goOnly, "go-only", false, "run only the Go configs (same as -configs go)")
	fs.BoolVar(&o.torchOnly, "torch-only", false, "run only the PyTorch configs (same as -configs torch)")
	fs.StringVar(&o.torchScript, "torch-script", "", "PyTorch reference script (default: "+defaultTorchScript+" from the repository root)")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python interpreter with PyTorch")
	fs.StringVar(&o.jaxScript, "jax-script", "", "JAX reference script (default: "+defaultJaxScript+" from the repository root)")
	fs.StringVar(&o.jaxPython, "jax-python", "", "Python interpreter with jax and optax (default: "+jaxVenv+"/bin/python, made on first use)")
	fs.StringVar(&o.data, "data", "", "folder with the four MNIST IDX .gz files (default: the GoMNIST module, or $MNIST_DIR)")
	fs.StringVar(&o.jsonOut, "json", "vaebench.json", "file for the raw per-epoch results of every run")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the runs, their commands and environments, and stop")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q: all settings are flags, see -h", fs.Args())
	case o.epochs <= 0 || o.rounds <= 0:
		return o, fmt.Errorf("-epochs %d, -rounds %d: each must be positive", o.epochs, o.rounds)
	case o.goOnly && o.torchOnly:
		return o, errors.New("-go-only and -torch-only exclude each other: use -configs to pick configs of both")
	case o.goOnly:
		o.configs = goTrainer
	case o.torchOnly:
		o.configs = torchTrainer
	}
	return o, nil
}

// slot is one run in the schedule.
type slot struct {
	Config config
	Round  int // 1-based
}

// schedule lists rounds×len(cs) runs: every config once per round, round
// r starting r-1 configs later, so no config always runs first or always
// follows the same one.
func schedule(cs []config, rounds int) []slot {
	var s []slot
	for r := 0; r < rounds; r++ {
		for i := range cs {
			s = append(s, slot{Config: cs[(i+r)%len(cs)], Round: r + 1})
		}
	}
	return s
}

// bench is everything a run of the benchmark needs, resolved from the
// options before any training starts.
type bench struct {
	o       options
	root    string
	data    string
	script  string // "" when no PyTorch config runs
	jax     string // the JAX script, "" when no JAX config runs
	jaxPy   string // the interpreter that runs it
	trainer string // the built vaetrain binary
	configs []config
	rep     report
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	b, err := prepare(o, stderr)
	if err != nil {
		return err
	}
	if o.dryRun {
		return b.plan(stdout)
	}
	tmp, err := os.MkdirTemp("", "vaebench")
	if err != nil {
		return fmt.Errorf("making a folder for the vaetrain binary and checkpoints: %w", err)
	}
	defer os.RemoveAll(tmp)
	if b.hasTrainer(goTrainer) {
		if b.trainer, err = buildTrainer(b.root, tmp); err != nil {
			return err
		}
	}
	b.rep.LoadBefore = loadAverage()
	for i, s := range schedule(b.configs, o.rounds) {
		fmt.Fprintf(stderr, "[%d/%d] round %d: %s\n", i+1, len(b.configs)*o.rounds, s.Round, s.Config.Name)
		b.rep.Runs = append(b.rep.Runs, b.runOne(s, tmp, stderr))
	}
	b.rep.LoadAfter = loadAverage()
	rows := summarize(b.configs, b.rep.Runs, b.rep.FlopsPerEpoch)
	best := compare(rows)
	b.header(stdout)
	if err := renderTable(stdout, rows, best); err != nil {
		return err
	}
	for _, r := range b.rep.Runs {
		if r.Error != "" { // a config with some good rounds keeps a row, so say which failed
			b.rep.Notes = append(b.rep.Notes, fmt.Sprintf("%s, round %d, failed and is left out of the table: %s", r.Config, r.Round, r.Error))
		}
	}
	for _, n := range b.rep.Notes {
		fmt.Fprintln(stdout, "\nNote:", n)
	}
	if err := writeReport(o.jsonOut, b.rep); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nRaw per-epoch results: %s\n", o.jsonOut)
	return nil
}

// prepare resolves the repository, the data, the configs and the PyTorch
// script and interpreter. A missing PyTorch drops the PyTorch configs with
// a note, unless only those were asked for.
func prepare(o options, stderr io.Writer) (*bench, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the working directory: %w", err)
	}
	b := &bench{o: o}
	if b.root, err = repoRoot(wd); err != nil {
		return nil, err
	}
	b.data = o.data
	if b.data == "" {
		if b.data, err = mnist.Dir(); err != nil {
			return nil, err
		}
	}
	if b.data, err = filepath.Abs(b.data); err != nil {
		return nil, fmt.Errorf("-data: %w", err)
	}
	n, err := idxCount(filepath.Join(b.data, mnist.TrainImages))
	if err != nil {
		return nil, fmt.Errorf("%w (is -data a folder with the four MNIST .gz files?)", err)
	}
	layers, err := architecture(hidden, latent)
	if err != nil {
		return nil, err
	}
	var notes []string
	if b.configs, notes, err = selectConfigs(o.configs, gemm.Kernels()); err != nil {
		return nil, err
	}
	b.rep = report{Model: fmt.Sprintf("VAE 784-%d-%d", hidden, latent), Batch: batch, TrainDigits: n,
		FlopsPerEpoch: epochFlops(layers, n, batch), Epochs: o.epochs, Rounds: o.rounds, Seed: o.seed,
		CPU: cpuName(), GoKernels: gemm.Kernels(), Notes: notes}
	if err := b.prepareTorch(stderr); err != nil {
		return nil, err
	}
	if err := b.prepareJax(stderr); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(b.configs, func(c config) bool { return c.Threads == 1 }) {
		if haveTaskset() {
			b.rep.Notes = append(b.rep.Notes, "1-thread configs run pinned to CPU 0 (taskset -c 0): XLA and OpenMP keep threads of their own")
		} else {
			b.rep.Notes = append(b.rep.Notes, "taskset is missing, so the 1-thread configs are not pinned to one core: XLA and OpenMP may use more (Debian: apt-get install -y util-linux)")
		}
	}
	return b, nil
}

// prepareTorch finds the PyTorch script and checks that its Python can
// import torch; without it the PyTorch configs are dropped, with a note,
// unless nothing else would run.
func (b *bench) prepareTorch(stderr io.Writer) error {
	o := b.o
	if !b.hasTrainer(torchTrainer) {
		return nil
	}
	var err error
	if b.script, err = anchorScript("-torch-script", o.torchScript, defaultTorchScript, b.root, torchScriptWhat); err != nil {
		return err
	}
	if o.dryRun {
		b.rep.Notes = append(b.rep.Notes, "dry run: whether "+o.python+" can import torch was not checked")
		return nil
	}
	version, blas, err := torchVersion(o.python, envFor(config{Trainer: torchTrainer}).apply(os.Environ()))
	if err != nil {
		b.script = ""
		return b.drop(torchTrainer, err, stderr)
	}
	b.rep.Notes = append(b.rep.Notes, "PyTorch "+version+" ("+o.python+", "+b.script+"), BLAS "+blas)
	if !hasCompile(version) && slices.ContainsFunc(b.configs, func(c config) bool { return c.Compile }) {
		b.configs = slices.DeleteFunc(b.configs, func(c config) bool { return c.Compile })
		b.rep.Notes = append(b.rep.Notes, "torch-compile configs skipped: torch.compile came with PyTorch 2, and "+o.python+" has "+version+" (see the README's Benchmarks for PyTorch 2)")
	}
	if note := blasNote(blas); note != "" {
		b.rep.Notes = append(b.rep.Notes, note)
		fmt.Fprintln(stderr, "vaebench: warning:", note)
	}
	return nil
}

// prepareJax finds the JAX script and its Python (making the venv when
// none is named) and asks it for JAX's version and backend; without them
// the JAX configs are dropped, with a note, unless nothing else would run.
func (b *bench) prepareJax(stderr io.Writer) error {
	o := b.o
	if !b.hasTrainer(jaxTrainer) {
		return nil
	}
	var err error
	if b.jax, err = anchorScript("-jax-script", o.jaxScript, defaultJaxScript, b.root, jaxScriptWhat); err != nil {
		return err
	}
	if o.dryRun {
		b.jaxPy = cmp.Or(o.jaxPython, filepath.Join(b.root, jaxVenv, "bin", "python"))
		b.rep.Notes = append(b.rep.Notes, "dry run: whether "+b.jaxPy+" can import jax was not checked")
		return nil
	}
	if b.jaxPy, err = jaxPython(o.jaxPython, b.root, stderr); err == nil {
		var version string
		if version, err = jaxVersion(b.jaxPy, envFor(config{Trainer: jaxTrainer}).apply(os.Environ())); err == nil {
			b.rep.Notes = append(b.rep.Notes, "JAX "+version+" ("+b.jaxPy+", "+b.jax+"), the whole step jit-compiled by XLA")
			return nil
		}
	}
	b.jax = ""
	return b.drop(jaxTrainer, err, stderr)
}

// drop removes the configs of trainer t, which cannot run because of why,
// and notes it; if nothing would be left to run, why is the error.
func (b *bench) drop(t string, why error, stderr io.Writer) error {
	rest := slices.DeleteFunc(slices.Clone(b.configs), func(c config) bool { return c.Trainer == t })
	if len(rest) == 0 {
		return why
	}
	b.configs = rest
	if !slices.ContainsFunc(rest, func(c config) bool { return c.Trainer != goTrainer }) {
		b.rep.Notes = append(b.rep.Notes, why.Error()+". Ran the Go configs only, so there is nothing to compare with: the ratio columns say n/a.")
	} else {
		b.rep.Notes = append(b.rep.Notes, why.Error()+". Its configs were left out.")
	}
	fmt.Fprintln(stderr, "vaebench:", why)
	return nil
}

func (b *bench) hasTrainer(t string) bool {
	return slices.ContainsFunc(b.configs, func(c config) bool { return c.Trainer == t })
}

// buildTrainer compiles cmd/vaetrain once into dir, so no run pays for
// compiling and each config's process is the trainer itself.
func buildTrainer(root, dir string) (string, error) {
	bin := filepath.Join(dir, "vaetrain")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/vaetrain")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building cmd/vaetrain in %s (is `go` on PATH and does `go build ./...` pass?): %w\n%s", root, err, out)
	}
	return bin, nil
}

// command returns the argv that runs config c; tmp holds checkpoints.
func (b *bench) command(c config, tmp string) []string {
	epochs, seed := strconv.Itoa(b.o.epochs), strconv.FormatUint(b.o.seed, 10)
	threads := strconv.Itoa(c.Threads)
	var argv []string
	switch c.Trainer {
	case torchTrainer:
		argv = []string{b.o.python, b.script, "--data", b.data, "--threads", threads, "--epochs", epochs, "--seed", seed}
		if c.Compile {
			argv = append(argv, "--compile")
		}
	case jaxTrainer:
		argv = []string{b.jaxPy, b.jax, "--data", b.data, "--threads", threads, "--epochs", epochs, "--seed", seed}
	default:
		trainer := b.trainer
		if trainer == "" {
			trainer = "vaetrain" // dry run: not built
		}
		argv = []string{trainer, "-model", "vae", "-hidden", strconv.Itoa(hidden), "-latent", strconv.Itoa(latent),
			"-batch", strconv.Itoa(batch), "-epochs", epochs, "-seed", seed, "-threads", threads,
			"-data", b.data, "-quiet", "-out", filepath.Join(tmp, c.Name+".ckpt")}
	}
	argv, _ = pinned(argv, c.Threads)
	return argv
}

// runOne runs one slot and checks that it printed every epoch.
func (b *bench) runOne(s slot, tmp string, stderr io.Writer) runRecord {
	env := envFor(s.Config)
	argv := b.command(s.Config, tmp)
	rec := runRecord{Config: s.Config.Name, Round: s.Round, Command: argv, Env: env.String()}
	res := runChild(argv, env.apply(os.Environ()), b.root, stderr, "  "+s.Config.Name+" ")
	rec.MaxRSSKiB, rec.WallS = res.MaxRSSKiB, res.Wall.Seconds()
	out, perr := parseOutput(res.Stdout)
	rec.Epochs, rec.Summary, rec.parsed = out.Raw, out.Summary, out.Epochs
	switch {
	case res.Err != nil:
		rec.Error = res.Err.Error()
		if s.Config.CoreType != "" && strings.Contains(rec.Error, "illegal instruction") {
			rec.Error += fmt.Sprintf(" (OPENBLAS_CORETYPE=%s runs instructions this CPU does not have)", s.Config.CoreType)
		}
	case perr != nil:
		rec.Error = fmt.Sprintf("%s printed output this benchmark cannot read: %v", s.Config.Name, perr)
	case len(out.Epochs) != b.o.epochs:
		rec.Error = fmt.Sprintf("%s printed %d epochs, want %d", s.Config.Name, len(out.Epochs), b.o.epochs)
	}
	if rec.Error != "" {
		rec.parsed = nil
		fmt.Fprintln(stderr, "  failed:", rec.Error)
	}
	return rec
}
