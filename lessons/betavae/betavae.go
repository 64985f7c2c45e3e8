// Package betavae is the code of notebook 05, "β-VAE, KL warm-up and
// posterior collapse": a sweep of the KL weight β with the
// reconstruction–KL trade-off it buys, the linear warm-up schedule of β,
// and the active units that measure how much of the latent code a model
// uses.
package betavae

import (
	"fmt"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/klterm"
	"github.com/vaelab/govae/vae"
)

// Sweep returns one recipe per β (notebook 05 §1): notebook 03's VAE
// (klterm.BetaRecipe) with only the KL weight changed.
func Sweep(data string, epochs, hidden, latent int, betas ...float64) []course.Recipe {
	out := make([]course.Recipe, len(betas))
	for i, b := range betas {
		out[i] = klterm.BetaRecipe(data, epochs, hidden, latent, b)
	}
	return out
}

// Warmup returns r trained with KL warm-up (notebook 05 §4): β rises
// linearly from 0 to r's β over the first steps steps, then holds.
func Warmup(r course.Recipe, steps int) course.Recipe {
	r.Name = fmt.Sprintf("%s-warmup%d", r.Name, steps)
	r.Warmup = steps
	return r
}

// Beta is the KL weight that training recipe r uses at global step t
// (0, 1, 2, …, counted across epochs): β_t = β·min(t/T, 1) with a
// warm-up of T steps, else β throughout. It is the schedule course
// gives vae.Train as TrainConfig.BetaSchedule.
func Beta(r course.Recipe, t int) float64 {
	beta := r.Model.Beta
	if beta == 0 {
		beta = 1 // vae.Config's default
	}
	if r.Warmup <= 0 {
		return beta
	}
	return beta * min(float64(t)/float64(r.Warmup), 1)
}

// MuVariance returns, for each latent dimension j, the variance over
// the rows of x of the encoder's mean μ_j(x) (notebook 05 §3). Burda et
// al. (2015, "Importance Weighted Autoencoders") call dimension j active
// when this variance exceeds 0.01: a dimension whose mean does not move
// with the input tells the decoder nothing about it.
func MuVariance(m *vae.Model, x vae.Mat) []float64 {
	mu, _ := m.Encode(x)
	mean := make([]float64, mu.Cols)
	for i := 0; i < mu.Rows; i++ {
		for j := range mean {
			mean[j] += float64(mu.At(i, j))
		}
	}
	for j := range mean {
		mean[j] /= float64(mu.Rows)
	}
	out := make([]float64, mu.Cols)
	for i := 0; i < mu.Rows; i++ {
		for j := range out {
			d := float64(mu.At(i, j)) - mean[j]
			out[j] += d * d
		}
	}
	for j := range out {
		out[j] /= float64(mu.Rows)
	}
	return out
}

// Point is what notebook 05 reports about one trained model: its β and
// warm-up, its final test reconstruction and KL per digit, and its
// latent dimensions' use by both measures of active units.
type Point struct {
	Beta          float64
	Warmup        int       // warm-up steps; 0 for none
	Recon, KL     float64   // test terms per digit after the last epoch
	PerDim        []float64 // (Z) KL of each dimension, averaged over x (klterm.PerDim)
	MuVar         []float64 // (Z) Var_x[μ_j(x)] (MuVariance)
	ActiveKL      int       // dimensions with PerDim above the threshold
	ActiveVar     int       // dimensions with MuVar above the threshold
	Dims          int       // Z, the latent dimension
	Threshold     float64   // of both counts, e.g. 0.01
	Name, Summary string    // the recipe's name; one line for a table
}

// Measure computes the Point of model t, trained from recipe r, on the
// digits x, counting as active the dimensions above threshold.
func Measure(t *course.Trained, r course.Recipe, x vae.Mat, threshold float64) Point {
	p := Point{Beta: Beta(r, r.Warmup), Warmup: r.Warmup, Name: r.Name, Threshold: threshold}
	if n := len(t.History); n > 0 {
		p.Recon, p.KL = t.History[n-1].Test.Recon, t.History[n-1].Test.KL
	}
	p.PerDim = klterm.PerDim(t.Model, x)
	p.MuVar = MuVariance(t.Model, x)
	p.ActiveKL = klterm.Active(p.PerDim, threshold)
	p.ActiveVar = klterm.Active(p.MuVar, threshold)
	p.Dims = len(p.PerDim)
	warm := "no warm-up"
	if p.Warmup > 0 {
		warm = fmt.Sprintf("warm-up %d steps", p.Warmup)
	}
	p.Summary = fmt.Sprintf("β = %-3g (%s): recon %6.2f  KL %5.2f  active units: %2d of %d by KL, %2d by Var μ",
		p.Beta, warm, p.Recon, p.KL, p.ActiveKL, p.Dims, p.ActiveVar)
	return p
}
