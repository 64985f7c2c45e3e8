// Package aevsvae is the code of notebook 01, "AE versus VAE": the same
// encoder and decoder trained once as a plain autoencoder and once as a
// variational autoencoder, and a measure of the holes a plain
// autoencoder's latent space has where the prior N(0, I) puts its mass.
package aevsvae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipes returns the two models of notebook 01 §1: one architecture
// (784-hidden-latent, Bernoulli decoder), trained with the same settings,
// once as an AE and once as a VAE.
func Recipes(data string, epochs, hidden, latent int) (ae, v course.Recipe) {
	base := course.Recipe{
		Model: vae.Config{Hidden: hidden, Latent: latent},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data, Seed: 1,
	}
	ae, v = base, base
	ae.Name, ae.Model.Kind = fmt.Sprintf("ae%d", latent), vae.AE
	v.Name, v.Model.Kind = fmt.Sprintf("vae%d", latent), vae.VAE
	return ae, v
}

// Holes measures, for notebook 01 §4, how much of the prior's mass falls
// where the encoder never puts a digit. codes (N, Z) are encoder means of
// real digits. It draws n latents from N(0, I), finds each one's distance
// to the nearest code, and compares it with how far codes are from their
// own nearest neighbours: a draw farther from every code than 95% of
// codes are from theirs has landed in a hole. It returns that fraction.
func Holes(codes vae.Mat, n int, rng *rand.Rand) float64 {
	if codes.Rows < 2 {
		panic(fmt.Sprintf("aevsvae: Holes needs at least 2 codes, got %v", codes))
	}
	own := make([]float64, codes.Rows)
	for i := range own {
		own[i] = nearest(codes, codes.Row(i), i)
	}
	slices.Sort(own)
	threshold := own[int(0.95*float64(len(own)-1))]
	z := make([]float32, codes.Cols)
	inHole := 0
	for range n {
		for j := range z {
			z[j] = float32(rng.NormFloat64())
		}
		if nearest(codes, z, -1) > threshold {
			inHole++
		}
	}
	return float64(inHole) / float64(n)
}

// nearest is the Euclidean distance from z to the closest row of codes,
// skipping row skip.
func nearest(codes vae.Mat, z []float32, skip int) float64 {
	best := math.Inf(1)
	for i := 0; i < codes.Rows; i++ {
		if i == skip {
			continue
		}
		var d float64
		for j, c := range codes.Row(i) {
			t := float64(c - z[j])
			d += t * t
		}
		best = min(best, d)
	}
	return math.Sqrt(best)
}

// Spread returns the mean and standard deviation of every coordinate of
// codes pooled together: a VAE's codes sit near mean 0 and spread 1, where
// the prior is; an AE's sit wherever training left them.
func Spread(codes vae.Mat) (mean, std float64) {
	var s, ss float64
	for _, v := range codes.Data {
		s += float64(v)
		ss += float64(v) * float64(v)
	}
	n := float64(len(codes.Data))
	mean = s / n
	return mean, math.Sqrt(max(ss/n-mean*mean, 0))
}

// PixelError is the mean squared difference per pixel between two image
// batches of the same shape (notebook 01 §3).
func PixelError(a, b vae.Mat) float64 {
	if a.Rows != b.Rows || a.Cols != b.Cols {
		panic(fmt.Sprintf("aevsvae: PixelError of %v and %v", a, b))
	}
	var s float64
	for i, v := range a.Data {
		d := float64(v - b.Data[i])
		s += d * d
	}
	return s / float64(len(a.Data))
}
