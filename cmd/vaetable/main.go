// Command vaetable trains the models of a likelihood table on MNIST, a
// VAE (k = 1) and IWAEs (k = 5, 50) of one architecture (784-400-40 ReLU
// by default), with lessons/iwae, and prints each one's negative
// log-likelihood on the test digits, −L_5000 averaged over them, beside
// published reproductions.
//
//	go run ./cmd/vaetable -minutes 15
//
// Training digits are binarized afresh at every step; test digits once,
// with a fixed seed (likelihood.Binarize). Every model is checkpointed in
// the -out folder after each epoch, so a run that is stopped continues, when
// started again with the same settings, from the last finished epoch of
// each model; a model whose epochs are all done is only evaluated. A file
// there that is not this run's checkpoint is never written over: the run
// stops before training and says which and why. -minutes bounds each
// model's training time, -epochs its epochs, whichever comes first.
//
// Measured on a 2-core AMD EPYC (2 threads, sharing the machine), an epoch
// of the 60,000 digits takes about 2.6 s at k = 1, 6 s at k = 5 and 53 s
// at k = 50, and scoring 10,000 test digits by 5,000 samples about 5
// minutes per model: the defaults (12 minutes of training per model, all
// test digits, 5,000 samples) make the whole table in under an hour. The
// models then train for the same time, not the same epochs (about 275,
// 120 and 13), which the table's epochs column shows.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "vaetable:", err)
		os.Exit(1)
	}
}

// testSeed is the seed of the test digits' one binarization, fixed so that
// every model, in every run, is scored on the same binary digits.
const testSeed = 1

// options are the command-line settings.
type options struct {
	ks, hidden, activation, data, out string
	latent, epochs, batch, threads    int
	samples, testN                    int
	lr, minutes                       float64
	seed                              uint64
	small, quiet                      bool
	kList, hiddenList                 []int
}

func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("vaetable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.ks, "k", "1,5,50", "samples per digit in the training bound, one model each (1 is the VAE)")
	fs.StringVar(&o.hidden, "hidden", "400", "widths of the hidden layers, comma-separated (the decoder mirrors them)")
	fs.IntVar(&o.latent, "latent", 40, "latent dimension")
	fs.StringVar(&o.activation, "activation", "relu", "hidden activation: relu or tanh")
	fs.IntVar(&o.epochs, "epochs", 3280, "most epochs per model (Burda et al. trained 3,280)")
	fs.Float64Var(&o.minutes, "minutes", 12, "most minutes of training per model; no epoch starts that would end past it at the last one's pace")
	fs.IntVar(&o.batch, "batch", 128, "digits per step")
	fs.Float64Var(&o.lr, "lr", 1e-3, "Adam's learning rate")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the weights, the order, the training coins and samples")
	fs.IntVar(&o.samples, "samples", 5000, "importance samples per test digit for the NLL, −L_samples")
	fs.IntVar(&o.testN, "test-n", 0, "score the first n test digits (0: all of them)")
	fs.IntVar(&o.threads, "threads", 0, "matmul threads (0: all cores)")
	fs.StringVar(&o.data, "data", "", "folder with the four MNIST IDX files (default: the GoMNIST module, or $MNIST_DIR)")
	fs.BoolVar(&o.small, "small", false, "use the 1,000 + 500 digit subset in testdata/mnist")
	fs.StringVar(&o.out, "out", "vaetable-models", "folder of the checkpoints, one per model, created if missing")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q: all settings are flags, see -h", fs.Args())
	}
	var err error
	if o.kList, err = ints("-k", o.ks, "one per model, e.g. -k 1,5,50"); err != nil {
		return o, err
	}
	if o.hiddenList, err = ints("-hidden", o.hidden, "e.g. -hidden 400, or -hidden 200,200"); err != nil {
		return o, err
	}
	return o, checkFlags(o)
}

// ints parses a comma-separated list of positive integers.
func ints(flagName, s, example string) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%s %q: give positive whole numbers separated by commas, %s", flagName, s, example)
		}
		if seen[v] && flagName == "-k" {
			return nil, fmt.Errorf("-k %q names k = %d twice: give each model once", s, v)
		}
		seen[v] = true
		out = append(out, v)
	}
	return out, nil
}

// checkFlags rejects settings that cannot make the table. Unlike the
// library's configs, where 0 means "the default", a 0 spelled out on a
// command line is a mistake.
func checkFlags(o options) error {
	positive := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
	switch {
	case o.latent <= 0:
		return fmt.Errorf("-latent %d: the latent space needs at least 1 dimension (40 is the table's)", o.latent)
	case o.activation != "relu" && o.activation != "tanh":
		return fmt.Errorf("-activation %q: use relu or tanh", o.activation)
	case o.epochs <= 0:
		return fmt.Errorf("-epochs %d: train each model for at least 1 epoch", o.epochs)
	case !positive(o.minutes):
		return fmt.Errorf("-minutes %g: give each model a positive number of minutes of training (12 trains the table in about an hour on 2 cores)", o.minutes)
	case o.batch <= 0:
		return fmt.Errorf("-batch %d: the batch size must be at least 1 (128 is usual)", o.batch)
	case !positive(o.lr):
		return fmt.Errorf("-lr %g: the learning rate must be a positive number (1e-3 is usual for adam)", o.lr)
	case o.samples <= 0:
		return fmt.Errorf("-samples %d: the NLL needs at least 1 importance sample per digit (5000 is the literature's)", o.samples)
	case o.testN < 0:
		return fmt.Errorf("-test-n %d: score a positive number of test digits, or 0 for all", o.testN)
	case o.threads < 0:
		return fmt.Errorf("-threads %d: use 0 for one per core, or a positive count", o.threads)
	case o.small && o.data != "":
		return fmt.Errorf("-small and -data %s both name the data: use one of them", o.data)
	}
	return nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	cfg := iwae.Config{Hidden: o.hiddenList, Latent: o.latent, Activation: o.activation, Threads: o.threads}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := outFolder(o.out); err != nil {
		return err
	}
	train, test, err := loadData(o)
	if err != nil {
		return err
	}
	if o.testN > test.N {
		return fmt.Errorf("-test-n %d: the test set has %d digits: use at most %d, or 0 for all", o.testN, test.N, test.N)
	}
	testN := o.testN
	if testN == 0 {
		testN = test.N
	}
	tab := table{Arch: cfg, Train: train.Name, TrainN: train.N, TestN: testN, TestAll: test.N, Samples: o.samples, Batch: o.batch, LR: o.lr, Seed: o.seed}
	test = binarize(test, testSeed).Head(testN)

	// Every model's checkpoint is checked before any is trained, so a file
	// in the way stops the run now, not after an hour.
	models := make([]model, len(o.kList))
	for i, k := range o.kList {
		models[i] = model{k: k, path: filepath.Join(o.out, fmt.Sprintf("iwae-k%d.ckpt", k))}
		models[i].tc = iwae.TrainConfig{K: k, Epochs: o.epochs, Batch: o.batch, LR: o.lr, Seed: o.seed,
			Budget: time.Duration(o.minutes * float64(time.Minute)), Checkpoint: models[i].path}
		done, err := iwae.Resumable(models[i].path, cfg, models[i].tc, train)
		if err != nil {
			return err
		}
		if len(done) > 0 {
			fmt.Fprintf(stderr, "k = %d: %s holds %d epochs (%s of training); continuing from there\n", k, models[i].path, len(done), duration(trainTime(done)))
		}
	}
	fmt.Fprintf(stderr, "training %s on %d digits (%d test digits scored by %d samples), k = %s: at most %d epochs or %g minutes each\n",
		cfg, train.N, testN, o.samples, o.ks, o.epochs, o.minutes)
	for _, md := range models {
		r, err := trainAndScore(md, cfg, train, test, o, stderr)
		if err != nil {
			return err
		}
		tab.Rows = append(tab.Rows, r)
	}
	tab.write(stdout)
	return nil
}

// model is one row of the table to make: its k, checkpoint and settings.
type model struct {
	k    int
	path string
	tc   iwae.TrainConfig
}

// outFolder makes sure the checkpoints' folder exists, creating it (not its
// parents) if missing, and can be written to.
func outFolder(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Mkdir(dir, 0o755); err != nil {
			return fmt.Errorf("-out %s: cannot create the folder (%v): create its parent first or choose another path", dir, err)
		}
	case err != nil:
		return fmt.Errorf("-out %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("-out %s is a file, not a folder: it was left as it is; name a folder for the checkpoints, e.g. -out vaetable-models", dir)
	}
	f, err := os.CreateTemp(dir, ".vaetable-probe-*")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write in it (%v): choose a folder you can write to", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func loadData(o options) (train, test *vae.Dataset, err error) {
	switch {
	case o.small:
		return mnist.Small()
	case o.data != "":
		return mnist.Load(o.data)
	}
	return mnist.LoadDefault()
}

// trainTime is the training time an epoch record holds (the steps' time,
// evaluation not included).
func trainTime(h []vae.Epoch) time.Duration {
	var s float64
	for _, e := range h {
		s += e.Seconds
	}
	return time.Duration(s * float64(time.Second))
}
