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
