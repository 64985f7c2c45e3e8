package main

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/vaelab/govae/internal/progress"
	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// binarize is the test set's one binarization (likelihood.Binarize).
func binarize(d *vae.Dataset, seed uint64) *vae.Dataset { return likelihood.Binarize(d, seed) }

// trainAndScore trains (or continues) one model of the table and scores
// it: −L_samples over the test digits.
func trainAndScore(md model, cfg iwae.Config, train, test *vae.Dataset, o options, log io.Writer) (row, error) {
	m, err := iwae.New(cfg, o.seed)
	if err != nil {
		return row{}, err
	}
	defer m.Close()
	bar := progress.New(log, o.quiet)
	tc := md.tc
	tc.OnStep = bar.Step
	tc.OnEpoch = func(e vae.Epoch) {
		bar.Done()
		fmt.Fprintf(log, "k = %d epoch %d: train −L_%d %.2f, test −L_%d %.2f (recon %.2f + KL %.2f), %.1f s\n",
			md.k, e.Epoch, md.k, e.Train.Total, md.k, e.Test.Total, e.Test.Recon, e.Test.KL, e.Seconds)
	}
	hist, err := iwae.Train(m, train, test, tc)
	if err != nil {
		bar.Done()
		return row{}, err
	}
	what := fmt.Sprintf("k = %d: NLL by %d samples", md.k, o.samples)
	// The same samples' seed for every model: only the model differs.
	est, err := iwae.LogLikelihood(m, test, o.samples, rand.New(rand.NewPCG(o.seed, 0x5a)), func(done, total int) { bar.Count(what, done, total) })
	bar.Done()
	if err != nil {
		return row{}, err
	}
	fmt.Fprintf(log, "k = %d: NLL %.2f ± %.2f nats over %d test digits, %d epochs\n", md.k, -est.Mean, est.StdError, est.N, len(hist))
	return row{K: md.k, Epochs: len(hist), Train: trainTime(hist), Est: est}, nil
}
