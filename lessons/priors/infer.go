package priors

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// Encode returns the encoder's mean and log-variance for each image of x,
// (B, Z) each, as new matrices.
func (m *Model) Encode(x vae.Mat) (mu, logVar vae.Mat) {
	a := m.encode(x)
	return a.mu.Clone(), a.logVar.Clone()
}

// Decode returns the decoder's mean image σ(logits) of each code of z
// (B, Z): (B, 784), pixels in [0, 1].
func (m *Model) Decode(z vae.Mat) vae.Mat {
	m.ensure(z.Rows)
	m.decode(z)
	out := vae.NewMat(z.Rows, Input)
	vae.SigmoidForward(out, m.acts.logits)
	return out
}

// Components returns the prior's components, one row each: the means and
// log-variances of the MoG's Gaussians or of the encoder at the
// pseudo-inputs, and their weights π (summing to 1). The standard prior
// is one component, N(0, I).
func (m *Model) Components() (means, logVars vae.Mat, weights []float64) {
	c := m.Config
	switch c.Prior {
	case MoG:
		l := vec64(m.Logits.W)
		norm := likelihood.LogSumExp(l)
		for _, v := range l {
			weights = append(weights, math.Exp(v-norm))
		}
		return tableMat(m.Means, false).Clone(), tableMat(m.LogVars, false).Clone(), weights
	case Vamp:
		mu, lv := m.Encode(tableMat(m.Pseudo, false))
		return mu, lv, slices.Repeat([]float64{1 / float64(c.Components)}, c.Components)
	}
	return vae.NewMat(1, c.Latent), vae.NewMat(1, c.Latent), []float64{1}
}

// SamplePrior draws n codes from the prior, (n, Z): a component k with
// probability π_k, then z ~ N(m_k, diag e^lv_k).
func (m *Model) SamplePrior(n int, rng *rand.Rand) vae.Mat {
	means, logVars, weights := m.Components()
	z := vae.NewMat(n, m.Config.Latent)
	for i := range n {
		u, k := rng.Float64(), 0
		for ; k < len(weights)-1 && u >= weights[k]; k++ {
			u -= weights[k]
		}
		for j := range z.Row(i) {
			z.Row(i)[j] = float32(float64(means.Row(k)[j]) + math.Exp(0.5*float64(logVars.Row(k)[j]))*rng.NormFloat64())
		}
	}
	return z
}

// chunk is how many samples of z go through the decoder at once when
// estimating log p(x).
const chunk = 1000

// LogWeights draws k codes z_i ~ q(z|x) for each row of x and returns the
// log importance weights log p(x|z_i) + log p(z_i) − log q(z_i|x), one row
// of k per digit, under the model's own prior: what the ELBO averages
// (k = 1) and the importance-sampled estimate of log p(x) combines
// (likelihood.Bound).
func (m *Model) LogWeights(x vae.Mat, k int, rng *rand.Rand) [][]float64 {
	if k < 1 {
		panic(fmt.Sprintf("priors: LogWeights: k = %d samples, want at least 1", k))
	}
	mu, logVar := m.Encode(x)
	out := make([][]float64, x.Rows)
	b := min(k, chunk)
	for n := range out {
		w := make([]float64, 0, k)
		target := vae.NewMat(b, Input)
		for r := range b {
			copy(target.Row(r), x.Row(n))
		}
		for start := 0; start < k; start += b {
			rows := min(b, k-start)
			a := m.ensure(rows)
			for r := range rows {
				copy(a.mu.Row(r), mu.Row(n))
				copy(a.logVar.Row(r), logVar.Row(n))
			}
			vae.ReparamForward(a.z, a.eps, a.sd, a.mu, a.logVar, rng)
			iwae.LogPosteriorForward(a.logq, a.z, a.mu, a.logVar, a.sd)
			m.priorForward(a.logp, a.z)
			m.decode(a.z)
			vae.BCEForward(vae.Mat{}, a.logits, target.Slice(0, rows), a.reconRow)
			for r := range rows {
				w = append(w, -a.reconRow[r]+a.logp[r]-a.logq[r])
			}
		}
		out[n] = w
	}
	return out
}

// NLL returns the importance-sampled −log p(x) of each row of x, in nats,
// from k samples each: −likelihood.Bound of its log weights.
func (m *Model) NLL(x vae.Mat, k int, rng *rand.Rand) []float64 {
	out := make([]float64, x.Rows)
	for n, w := range m.LogWeights(x, k, rng) {
		out[n] = -likelihood.Bound(w, k)
	}
	return out
}

// Holes measures how much of the prior's mass lies where the encoder puts
// no digit: the fraction of n draws from the prior at which the aggregate
// posterior of the digits of inside, q(z) = (1/N) Σ_i q(z|x_i), is lower
// than at all but 1% of codes drawn from q(z|x') for the digits x' of
// reference (other digits than inside's, so no code is scored by its own
// component). A prior that matches the aggregate posterior scores about
// 1%; one that puts mass in the holes between the digits' codes, more.
func (m *Model) Holes(inside, reference vae.Mat, n int, rng *rand.Rand) float64 {
	mu, logVar := m.Encode(inside)
	logQ := func(z vae.Mat) []float64 {
		rows := make([]float64, z.Rows)
		var mx Mixture
		mx.Forward(rows, z, mu, logVar, make([]float32, mu.Rows))
		return rows
	}
	rmu, rlv := m.Encode(reference)
	ref := vae.NewMat(rmu.Rows, rmu.Cols)
	for i := range ref.Data {
		ref.Data[i] = float32(float64(rmu.Data[i]) + math.Exp(0.5*float64(rlv.Data[i]))*rng.NormFloat64())
	}
	own := logQ(ref)
	slices.Sort(own)
	threshold := own[len(own)/100]
	below := 0
	for _, v := range logQ(m.SamplePrior(n, rng)) {
		if v < threshold {
			below++
		}
	}
	return float64(below) / float64(n)
}

// SetLogMixture makes the model compute a mixture prior's log p(z) with f
// in place of LogMixture (nil restores it): a notebook's cells then score
// digits with the learner's function. Training's gradients still use
// LogMixture's responsibilities. The standard prior has no mixture and
// ignores f.
func (m *Model) SetLogMixture(f func(z []float64, means, logVars [][]float64, logits []float64) float64) {
	m.mix.LogDensity = f
}
