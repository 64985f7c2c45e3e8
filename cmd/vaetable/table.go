package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/lessons/likelihood"
)

// table is what the run prints: its settings and one row per model.
type table struct {
	Arch                   iwae.Config
	Train                  string
	TrainN, TestN, TestAll int
	Samples, Batch         int
	LR                     float64
	Seed                   uint64
	Rows                   []row
}

// row is one model's line.
type row struct {
	K      int
	Epochs int
	Train  time.Duration // the steps' time, summed over epochs and runs
	Est    likelihood.Estimate
}

// published are reproductions of the table's models by pythae (Chadebec
// et al., "Pythae: Unifying Generative Autoencoders in Python", NeurIPS
// 2022 Datasets and Benchmarks), from the reproducibility table of its
// README (github.com/clementchadebec/benchmark_VAE), with the conditions
// stated there.
var published = []struct {
	model, conditions string
	nll               float64
}{
	{"VAE 784-400-40", "NLL by 200 importance samples; static binarization", 89.78},
	{"IWAE k=50", "NLL by 5000 importance samples", 86.82},
}

// write prints the table.
func (t table) write(w io.Writer) {
	fmt.Fprintf(w, "Negative log-likelihood of MNIST test digits, −L_%d in nats (lower is better)\n", t.Samples)
	fmt.Fprintf(w, "architecture: %s MLP encoder and decoder, Bernoulli decoder, Gaussian q(z|x), prior N(0, I)\n", t.Arch)
	fmt.Fprintf(w, "training: %d digits of %s, binarized dynamically (each pixel a fresh coin at every step); Adam lr %g, batch %d, seed %d\n", t.TrainN, t.Train, t.LR, t.Batch, t.Seed)
	fmt.Fprintf(w, "test: %d of %d digits, binarized stochastically once with seed %d (likelihood.Binarize); NLL = −L_%d, its ± the standard error over digits\n", t.TestN, t.TestAll, testSeed, t.Samples)
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tk\tepochs\ttraining time\tNLL (nats)\t−ELBO, same samples\t")
	for _, r := range t.Rows {
		name := "IWAE"
		if r.K == 1 {
			name = "VAE"
		}
		e := r.Est
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.2f ± %.2f\t%.2f\t\n", name, r.K, r.Epochs, duration(r.Train), -e.Mean, e.StdError, -(e.Mean - e.Gain))
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "published reproductions (pythae, github.com/clementchadebec/benchmark_VAE, README \"Reproducibility\"):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range published {
		fmt.Fprintf(tw, "  %s\t%.2f nats\t%s\n", p.model, p.nll, p.conditions)
	}
	tw.Flush()
	fmt.Fprintln(w, "training time is the steps' time summed over epochs (and over resumed runs), evaluation not included")
}

// duration is d as the table shows it: tenths of a second under a
// minute, whole seconds above.
func duration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
