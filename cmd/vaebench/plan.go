package main

import (
	"fmt"
	"io"
	"strings"
)

// header describes the setting above the table.
func (b *bench) header(w io.Writer) {
	r := b.rep
	fmt.Fprintf(w, "%s, batch %d, %d training digits: %.1f GFLOP of matrix products per epoch\n", r.Model, r.Batch, r.TrainDigits, float64(r.FlopsPerEpoch)/1e9)
	fmt.Fprintf(w, "CPU %s; Go kernels %s (default %s)\n", r.CPU, strings.Join(r.GoKernels, ", "), defaultKernel())
	fmt.Fprintln(w, "dense GFLOP/s counts every product whole, as PyTorch computes them; the go configs skip the input's zero pixels in fc1's two products (go-dense does not), so they do less arithmetic than that")
	fmt.Fprintf(w, "%d epoch(s) per run, %d round(s) of every config in turn; load average before %s, after %s\n\n", r.Epochs, r.Rounds, r.LoadBefore, r.LoadAfter)
}

// plan prints what a run would do.
func (b *bench) plan(w io.Writer) error {
	fmt.Fprintf(w, "%s, batch %d, %d training digits from %s: %.1f GFLOP of matrix products per epoch\n\n",
		b.rep.Model, batch, b.rep.TrainDigits, b.data, float64(b.rep.FlopsPerEpoch)/1e9)
	for i, s := range schedule(b.configs, b.o.rounds) {
		env := envFor(s.Config).String()
		fmt.Fprintf(w, "%d. round %d, %s: env %s\n   %s\n", i+1, s.Round, s.Config.Name, env, strings.Join(b.command(s.Config, "$TMP"), " "))
	}
	for _, n := range b.rep.Notes {
		fmt.Fprintln(w, "Note:", n)
	}
	return nil
}
