package likelihood

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/vaelab/govae/vae"
)

// chunk is how many samples of z go through the decoder in one batch: big
// enough for the matrix products to run at speed, small enough that the
// logits (chunk, D) stay a few megabytes.
const chunk = 1000

// LogWeights draws k latents z_i ~ q(z|x) for each row of x (N, D) and
// returns the log importance weights (N rows of k), in float64 (notebook
// 07 §1):
//
//	log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x)
//	        = −nll(x|z_i) − ½Σ_j z_ij² + ½Σ_j (ε_ij² + log σ²_j),
//
// with z_i = μ + σ⊙ε_i and q, p the encoder's diagonal Gaussian and the
// prior N(0, I); their −½log 2π terms cancel. The k samples of a digit go
// through m.DecodeLogits together, in batches of up to 1000 rows, and nll
// scores blocks of those rows on all cores at once.
// LogWeights panics if m is not a VAE or k < 1.
func LogWeights(m *vae.Model, x vae.Mat, k int, nll NLL, rng *rand.Rand) [][]float64 {
	if m.Config.Kind != vae.VAE || k < 1 {
		panic(fmt.Sprintf("likelihood: LogWeights needs a VAE and k ≥ 1, got %v and k = %d", m, k))
	}
	mu, logVar := m.Encode(x)
	zDim := mu.Cols
	b := min(k, chunk)
	z := vae.NewMat(b, zDim)
	target := vae.NewMat(b, x.Cols)
	out := make([][]float64, x.Rows)
	for n := range out {
		w := make([]float64, k)
		for r := 0; r < b; r++ {
			copy(target.Row(r), x.Row(n))
		}
		mun, lvn := mu.Row(n), logVar.Row(n)
		for start := 0; start < k; start += b {
			rows := min(b, k-start)
			zb := z.Slice(0, rows)
			for i := range rows {
				var logRatio float64 // log p(z) − log q(z|x)
				for j, zr := 0, zb.Row(i); j < zDim; j++ {
					eps := rng.NormFloat64()
					lv := float64(lvn[j])
					zr[j] = float32(float64(mun[j]) + math.Exp(0.5*lv)*eps)
					zj := float64(zr[j])
					logRatio += -0.5*zj*zj + 0.5*(eps*eps+lv)
				}
				w[start+i] = logRatio
			}
			neg := make([]float64, rows)
			parallelNLL(nll, m.DecodeLogits(zb), target.Slice(0, rows), neg)
			for i, v := range neg {
				w[start+i] -= v
			}
		}
		out[n] = w
	}
	return out
}

// parallelNLL runs nll on GOMAXPROCS blocks of rows at once, each adding
// into its own part of rows. The rows are independent, and the log and exp
// per pixel of −log p(x|z) cost more than the decoder's matrix products,
// which already use every core.
func parallelNLL(nll NLL, logits, x vae.Mat, rows []float64) {
	per := (logits.Rows + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for lo := 0; lo < logits.Rows; lo += per {
		hi := min(lo+per, logits.Rows)
		wg.Go(func() { nll(logits.Slice(lo, hi), x.Slice(lo, hi), rows[lo:hi]) })
	}
	wg.Wait()
}

// LogWeight returns the log importance weight of one sample z (notebook
// 07 §1),
//
//	log w = log p(x|z) + log p(z) − log q(z|x)
//	      = −BCE(logits, x) − ½Σ_j z_j² + ½Σ_j (ε_j² + log σ²_j),
//
// for a digit x (D) under the Bernoulli decoder's logits (D) at z (Z),
// with the prior N(0, I) and the encoder's q(z|x) = N(mu, diag e^logVar)
// (Z each), where ε_j = (z_j − μ_j)/σ_j and σ_j = e^(½ log σ²_j); the
// −½ log 2π of the two Gaussians cancel. It is LogWeights' formula for a
// given z instead of a drawn ε. The reconstruction term is vae.BCEForward,
// the model's own, so x and logits are rounded to float32 as a decoder's
// are and each pixel's term is a float32; the rest is float64. It panics
// if the lengths differ.
func LogWeight(x, logits, z, mu, logVar []float64) float64 {
	if len(logits) != len(x) || len(mu) != len(z) || len(logVar) != len(z) {
		panic(fmt.Sprintf("likelihood: LogWeight: %d pixels and %d logits, %d latents, %d means, %d log-variances",
			len(x), len(logits), len(z), len(mu), len(logVar)))
	}
	logPx := -vae.BCEForward(vae.Mat{}, row32(logits), row32(x), nil)
	var logRatio float64 // log p(z) − log q(z|x)
	for j, zj := range z {
		lv := logVar[j]
		eps := (zj - mu[j]) / math.Exp(0.5*lv)
		logRatio += -0.5*zj*zj + 0.5*(eps*eps+lv)
	}
	return logPx + logRatio
}

// Sample is one draw z ~ q(z|x) for a digit, with what its log weight
// needs (the arguments of LogWeight, in order), in float64.
type Sample struct {
	X, Logits []float64 // the digit and the decoder's logits at Z (D each)
	Z         []float64 // the draw (Z)
	Mu        []float64 // q's mean (Z)
	LogVar    []float64 // q's log-variance (Z)
}

// Samples draws k codes z_i = μ + σ⊙ε_i, ε_i ~ N(0, I), from the
// encoder's q(z|x) for the one digit x (1, D) and decodes them (notebook
// 07 §3). It draws from rng as LogWeights does, so the same generator
// state gives the same z_i, and LogWeight of each sample is LogWeights'
// log weight of that draw. It panics if m is not a VAE, x is not one row,
// or k < 1.
func Samples(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []Sample {
	if m.Config.Kind != vae.VAE || x.Rows != 1 || k < 1 {
		panic(fmt.Sprintf("likelihood: Samples needs a VAE, one digit and k ≥ 1, got %v, %d digits and k = %d", m, x.Rows, k))
	}
	mu, logVar := m.Encode(x)
	z := vae.NewMat(k, mu.Cols)
	for i := range k {
		for j := range mu.Cols {
			z.Row(i)[j] = float32(float64(mu.At(0, j)) + math.Exp(0.5*float64(logVar.At(0, j)))*rng.NormFloat64())
		}
	}
	logits := m.DecodeLogits(z)
	out := make([]Sample, k)
	for i := range out {
		out[i] = Sample{X: row64(x.Row(0)), Logits: row64(logits.Row(i)), Z: row64(z.Row(i)), Mu: row64(mu.Row(0)), LogVar: row64(logVar.Row(0))}
	}
	return out
}

// row64 is a float32 row as float64s.
func row64(r []float32) []float64 {
	out := make([]float64, len(r))
	for i, v := range r {
		out[i] = float64(v)
	}
	return out
}

// row32 is v as a one-row float32 matrix.
func row32(v []float64) vae.Mat {
	m := vae.NewMat(1, len(v))
	for i, x := range v {
		m.Data[i] = float32(x)
	}
	return m
}
