package iwae

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// evalRows bounds the rows (samples) of one forward pass in evaluation:
// big enough for the matrix products to run at speed, small enough that
// the (rows, D) buffers stay a few megabytes.
const evalRows = 1000

// digitStats is what walk reports of one digit: its k log weights, and
// the reconstruction and sampled KL terms averaged over its samples.
type digitStats struct {
	logw      []float64
	recon, kl float64
}

// walk runs n digits, loaded into a batch by load(dst, lo, hi), through
// the model k samples each, at most evalRows rows per forward pass, and
// calls fn for each digit in order. The draws of eps come from rng digit
// after digit, sample after sample, as likelihood.LogWeights draws them.
func (m *Model) walk(n, k int, load func(dst vae.Mat, lo, hi int), rng *rand.Rand, fn func(i int, s digitStats)) {
	if k < 1 {
		panic(fmt.Sprintf("iwae: evaluation needs k ≥ 1 samples, got %d", k))
	}
	per := max(1, evalRows/k) // digits per forward pass
	x := vae.NewMat(min(per, n), m.Config.Input)
	w := make([]float64, k)
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		xb := x.Slice(0, hi-lo)
		load(xb, lo, hi)
		if k <= evalRows { // whole digits in one pass
			m.Forward(xb, k, rng)
			a := &m.acts
			for d := range hi - lo {
				s := digitStats{logw: w}
				for i := range k {
					r := d*k + i
					w[i] = a.logw[r]
					s.recon += a.recon[r]
					s.kl += a.logQz[r] - a.logPz[r]
				}
				s.recon /= float64(k)
				s.kl /= float64(k)
				fn(lo+d, s)
			}
			continue
		}
		// One digit in passes of evalRows samples.
		s := digitStats{logw: w}
		for start := 0; start < k; start += evalRows {
			rows := min(evalRows, k-start)
			m.Forward(xb, rows, rng)
			a := &m.acts
			for i := range rows {
				w[start+i] = a.logw[i]
				s.recon += a.recon[i]
				s.kl += a.logQz[i] - a.logPz[i]
			}
		}
		s.recon /= float64(k)
		s.kl /= float64(k)
		fn(lo, s)
	}
}

// LogWeights draws k latents z_i ~ q(z|x) for each row of x (N, D) and
// returns the log importance weights (N rows of k) in float64, computed by
// the model's own layers (Forward), with eps drawn from rng in the order
// likelihood.LogWeights draws it: for a one-hidden-layer ReLU model, the
// same generator state gives the same weights as
// likelihood.LogWeights(m.VAE(), ...), up to float32 rounding.
func LogWeights(m *Model, x vae.Mat, k int, rng *rand.Rand) [][]float64 {
	mustShape("LogWeights digits x", x, x.Rows, m.Config.Input)
	out := make([][]float64, x.Rows)
	m.walk(x.Rows, k, func(dst vae.Mat, lo, hi int) { copy(dst.Data, x.Slice(lo, hi).Data) }, rng, func(i int, s digitStats) {
		out[i] = append([]float64(nil), s.logw...)
	})
	return out
}

// Evaluate returns −L_k summed over the digits of d, k samples per digit
// drawn from rng, with Recon and KL as Forward defines them (averages over
// the k samples). d should hold binary digits (likelihood.Binarize), the
// data the Bernoulli decoder describes. It panics if d's digits are not of
// the model's size.
func Evaluate(m *Model, d *vae.Dataset, k int, rng *rand.Rand) vae.Loss {
	if d.Dim != m.Config.Input {
		panic(fmt.Sprintf("iwae: Evaluate: data set %q has %d pixels per digit but %v takes %d", d.Name, d.Dim, m, m.Config.Input))
	}
	total := vae.Loss{N: d.N}
	m.walk(d.N, k, datasetLoader(d), rng, func(_ int, s digitStats) {
		total.Total -= likelihood.Bound(s.logw, k)
		total.Recon += s.recon
		total.KL += s.kl
	})
	return total
}

// LogLikelihood estimates the mean log p(x) over the binary digits of d by
// the k-sample bound L_k (k = 5000 in the literature), with eps from rng,
// and returns it as a likelihood.Estimate: Mean and StdError of L_k over
// the digits, and Gain, how far L_k lies above the ELBO L_1 of the same
// samples. It calls progress (if not nil) after each digit with the
// digits done and their total. The matrix products run on the model's
// threads and the Bernoulli terms on as many goroutines, so it uses every
// core the model was given. It returns an error if d is not binary or not
// of the model's size.
func LogLikelihood(m *Model, d *vae.Dataset, k int, rng *rand.Rand, progress func(done, total int)) (likelihood.Estimate, error) {
	if err := checkData(m, d); err != nil {
		return likelihood.Estimate{}, err
	}
	if err := checkBinary(d); err != nil {
		return likelihood.Estimate{}, err
	}
	if k < 1 {
		return likelihood.Estimate{}, fmt.Errorf("iwae: log-likelihood with k = %d samples: use k ≥ 1 (5000 is usual)", k)
	}
	bounds, gains := make([]float64, d.N), make([]float64, d.N)
	m.walk(d.N, k, datasetLoader(d), rng, func(i int, s digitStats) {
		bounds[i] = likelihood.Bound(s.logw, k)
		gains[i] = bounds[i] - likelihood.Bound(s.logw, 1)
		if progress != nil {
			progress(i+1, d.N)
		}
	})
	e := likelihood.Estimate{K: k, N: d.N}
	e.Mean, e.StdError = likelihood.MeanSE(bounds)
	e.Gain, e.GainStdError = likelihood.MeanSE(gains)
	return e, nil
}

// datasetLoader loads digits [lo, hi) of d into a batch.
func datasetLoader(d *vae.Dataset) func(dst vae.Mat, lo, hi int) {
	idx := make([]int, 0, evalRows)
	return func(dst vae.Mat, lo, hi int) {
		idx = idx[:0]
		for i := lo; i < hi; i++ {
			idx = append(idx, i)
		}
		d.Batch(dst, idx)
	}
}

// checkData says what is wrong with d for m.
func checkData(m *Model, d *vae.Dataset) error {
	if d == nil {
		return fmt.Errorf("iwae: no data set given")
	}
	if err := d.Validate(); err != nil {
		return fmt.Errorf("iwae: %w", err)
	}
	if d.Dim != m.Config.Input {
		return fmt.Errorf("iwae: data set %q has %d pixels per digit but %v takes %d: make the model with Config.Input %d", d.Name, d.Dim, m, m.Config.Input, d.Dim)
	}
	return nil
}

// checkBinary returns an error if a pixel of d is neither 0 nor 255: the
// Bernoulli decoder gives a probability to binary digits only, and a grey
// digit's "likelihood" is a cross-entropy, not comparable with the
// literature's.
func checkBinary(d *vae.Dataset) error {
	for i, p := range d.Pixels {
		if p != 0 && p != 255 {
			return fmt.Errorf("iwae: data set %q has grey pixels (digit %d, pixel %d is %d): binarize it once with likelihood.Binarize(d, seed) to score binary digits", d.Name, i/d.Dim, i%d.Dim, p)
		}
	}
	return nil
}
