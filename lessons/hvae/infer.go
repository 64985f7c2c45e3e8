package hvae

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/vae"
)

// KLGaussians returns KL(N(mu1, diag e^lv1) ‖ N(mu2, diag e^lv2)), the
// KL divergence between two diagonal Gaussians in closed form (notebook
// 13, exercise 1):
//
//	½ Σ_j [ lv2_j − lv1_j + (e^lv1_j + (mu1_j − mu2_j)²) e^(−lv2_j) − 1 ].
//
// With mu2 = 0 and lv2 = 0 it is the KL of notebook 3, from q to N(0, I).
func KLGaussians(mu1, lv1, mu2, lv2 []float64) float64 {
	var s float64
	for j := range mu1 {
		d := mu1[j] - mu2[j]
		s += 0.5 * (lv2[j] - lv1[j] + (math.Exp(lv1[j])+d*d)*math.Exp(-lv2[j]) - 1)
	}
	return s
}

// SampledKL returns log N(z; mu1, e^lv1) − log N(z; mu2, e^lv2) for one
// code z: the one-sample estimate of KL₁ that the loss uses, with mu1,
// lv1 the encoder's q(z1|x) and mu2, lv2 the prior net's p(z1|z2)
// (notebook 13, exercise 2). Its mean over z ~ N(mu1, e^lv1) is
// KLGaussians(mu1, lv1, mu2, lv2). It runs iwae.LogPosteriorForward, as
// Forward does.
func SampledKL(z, mu1, lv1, mu2, lv2 []float64) float64 {
	mat := func(v []float64) vae.Mat {
		m := vae.NewMat(1, len(v))
		for i, x := range v {
			m.Data[i] = float32(x)
		}
		return m
	}
	sd := func(lv []float64) vae.Mat {
		m := vae.NewMat(1, len(lv))
		for i, x := range lv {
			m.Data[i] = float32(math.Exp(0.5 * x))
		}
		return m
	}
	zm := mat(z)
	q, p := make([]float64, 1), make([]float64, 1)
	iwae.LogPosteriorForward(q, zm, mat(mu1), mat(lv1), sd(lv1))
	iwae.LogPosteriorForward(p, zm, mat(mu2), mat(lv2), sd(lv2))
	return q[0] - p[0]
}

// Prior returns the prior net's Gaussian p(z1 | z2) for each row of z2:
// its means and log-variances, (B, Z1) each, as new matrices.
func (m *Model) Prior(z2 vae.Mat) (muP, lvP vae.Mat) {
	m.ensure(z2.Rows)
	m.priorNet(z2)
	return m.acts.muP.Clone(), m.acts.lvP.Clone()
}

// BottomCode returns z1 = μp + e^(lvp/2) ⊙ eps, the draw from p(z1 | z2)
// that eps (standard normal numbers) picks, given the prior net's Gaussian
// (notebook 13, exercise 3): a top-down sample takes z2 from N(0, I), then
// this, then the decoder.
func BottomCode(muP, lvP, eps []float64) []float64 {
	z := make([]float64, len(muP))
	for j := range z {
		z[j] = muP[j] + math.Exp(0.5*lvP[j])*eps[j]
	}
	return z
}

// Generate returns the decoder's mean images of the codes a top-down
// sample gives: row i of z2 (B, Z2) with row i of eps1 (B, Z1) becomes
// z1 = BottomCode(μp(z2_i), lvp(z2_i), eps1_i), and then the image
// σ(decoder(z1)), (B, 784).
func (m *Model) Generate(z2, eps1 vae.Mat) vae.Mat {
	if z2.Rows != eps1.Rows || z2.Cols != m.Config.Latent2 || eps1.Cols != m.Config.Latent1 {
		panic(fmt.Sprintf("hvae: Generate: z2 %v and eps1 %v, want B×%d and B×%d", z2, eps1, m.Config.Latent2, m.Config.Latent1))
	}
	muP, lvP := m.Prior(z2)
	z1 := vae.NewMat(z2.Rows, m.Config.Latent1)
	for i := range z2.Rows {
		for j, v := range BottomCode(vec64(muP.Row(i)), vec64(lvP.Row(i)), vec64(eps1.Row(i))) {
			z1.Row(i)[j] = float32(v)
		}
	}
	return m.DecodeBottom(z1)
}

// DecodeBottom returns σ(decoder(z1)) for each row of z1 (B, Z1).
func (m *Model) DecodeBottom(z1 vae.Mat) vae.Mat {
	m.ensure(z1.Rows)
	m.decode(z1)
	out := vae.NewMat(z1.Rows, Input)
	vae.SigmoidForward(out, m.acts.logits)
	return out
}

// Normal returns a rows×cols matrix of N(0, 1) draws from rng.
func Normal(rows, cols int, rng *rand.Rand) vae.Mat {
	z := vae.NewMat(rows, cols)
	for i := range z.Data {
		z.Data[i] = float32(rng.NormFloat64())
	}
	return z
}

// KLPerDim returns, averaged over the digits of x, each dimension's share
// of the two KL terms in closed form, taken at the encoders' means: KL₁
// from q(z1|x) to p(z1 | z2 = μ2(μ1)), and KL₂ from q(z2 | z1 = μ1) to
// N(0, I). A dimension whose share is near 0 is one the layer does not
// use (notebook 3's active units).
func (m *Model) KLPerDim(x vae.Mat) (kl1, kl2 []float64) {
	c := m.Config
	a := m.ensure(x.Rows)
	m.Enc1.Forward(a.h1, x)
	vae.ReLUForward(a.h1, a.h1)
	m.Mu1.Forward(a.mu1, a.h1)
	m.LogVar1.Forward(a.lv1, a.h1)
	m.Enc2.Forward(a.h2, a.mu1)
	vae.ReLUForward(a.h2, a.h2)
	m.Mu2.Forward(a.mu2, a.h2)
	m.LogVar2.Forward(a.lv2, a.h2)
	m.priorNet(a.mu2)
	kl1, kl2 = make([]float64, c.Latent1), make([]float64, c.Latent2)
	zero := make([]float64, 1)
	for i := range x.Rows {
		for j := range kl1 {
			kl1[j] += KLGaussians([]float64{float64(a.mu1.Row(i)[j])}, []float64{float64(a.lv1.Row(i)[j])},
				[]float64{float64(a.muP.Row(i)[j])}, []float64{float64(a.lvP.Row(i)[j])}) / float64(x.Rows)
		}
		for j := range kl2 {
			kl2[j] += KLGaussians([]float64{float64(a.mu2.Row(i)[j])}, []float64{float64(a.lv2.Row(i)[j])}, zero, zero) / float64(x.Rows)
		}
	}
	return kl1, kl2
}

func vec64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// evalBatch is the batch size of Evaluate; it only affects speed.
const evalBatch = 500

// Evaluate returns the per-digit reconstruction term and the two KL terms
// of the loss over all of d, one sample of each code per digit drawn from
// rng.
func Evaluate(m *Model, d *vae.Dataset, rng *rand.Rand) (recon, kl1, kl2 float64) {
	x := vae.NewMat(min(evalBatch, d.N), d.Dim)
	idx := make([]int, 0, evalBatch)
	for i := 0; i < d.N; i += evalBatch {
		idx = idx[:0]
		for j := i; j < min(i+evalBatch, d.N); j++ {
			idx = append(idx, j)
		}
		xb := x.Slice(0, len(idx))
		d.Batch(xb, idx)
		l := m.Forward(xb, rng)
		k1, k2 := m.KLs()
		recon, kl1, kl2 = recon+l.Recon, kl1+k1, kl2+k2
	}
	n := float64(d.N)
	return recon / n, kl1 / n, kl2 / n
}
