// Package interp is the code of notebook 04, "Latent interpolation": walk
// from one digit's code to another's, linearly or along the sphere, decode
// every step, and measure how smooth the walk looks.
package interp

import (
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Path encodes the digits a and b (each one row of D pixels) to their
// encoder means, interpolates steps codes between them (vae.Interpolate),
// and decodes each: a (steps, D) strip of images, a first and b last in
// reconstruction (notebook 04 §2).
func Path(m *vae.Model, a, b []float32, steps int, spherical bool) vae.Mat {
	return m.Decode(codePath(m, a, b, steps, spherical))
}

// codePath encodes digits a and b to their encoder means and returns the
// steps codes between them (steps, Z).
func codePath(m *vae.Model, a, b []float32, steps int, spherical bool) vae.Mat {
	x := vae.NewMat(2, m.Config.Input)
	copy(x.Row(0), a)
	copy(x.Row(1), b)
	mu, _ := m.Encode(x)
	return vae.Interpolate(mu.Row(0), mu.Row(1), steps, spherical)
}

// Jumps returns the Euclidean pixel distance between each pair of
// neighbouring frames (len steps−1): a smooth path moves a little at
// every step; a path through a hole jumps (notebook 04 §3).
func Jumps(frames vae.Mat) []float64 {
	out := make([]float64, frames.Rows-1)
	for i := range out {
		var d float64
		a, b := frames.Row(i), frames.Row(i+1)
		for j := range a {
			t := float64(a[j] - b[j])
			d += t * t
		}
		out[i] = math.Sqrt(d)
	}
	return out
}

// Smoothness summarizes Jumps: the mean jump, the largest, and their
// ratio. A ratio near 1 means the change is spread evenly along the path;
// a large ratio means most of it happens in one step. A path that does
// not change at all has ratio 1.
func Smoothness(jumps []float64) (mean, largest, ratio float64) {
	for _, j := range jumps {
		mean += j
		largest = max(largest, j)
	}
	mean /= float64(len(jumps))
	if mean == 0 {
		return 0, 0, 1
	}
	return mean, largest, largest / mean
}

// LatentNorms returns the Euclidean norm of each interpolated code: along
// a linear path between two typical Gaussian codes the norm sags midway,
// where the prior has little mass; along the spherical path it does not.
func LatentNorms(m *vae.Model, a, b []float32, steps int, spherical bool) []float64 {
	z := codePath(m, a, b, steps, spherical)
	out := make([]float64, steps)
	for i := range out {
		var s float64
		for _, v := range z.Row(i) {
			s += float64(v) * float64(v)
		}
		out[i] = math.Sqrt(s)
	}
	return out
}

// Survey interpolates between pairs random pairs of rows of x (steps
// frames each) and returns each path's largest-to-mean jump ratio of
// Smoothness (notebook 04 §4): one pair can be lucky, a hundred cannot.
// The same rng state draws the same pairs, so two models surveyed with
// equal seeds are compared pair by pair.
func Survey(m *vae.Model, x vae.Mat, pairs, steps int, spherical bool, rng *rand.Rand) []float64 {
	ratios := make([]float64, pairs)
	for k := range ratios {
		i := rng.IntN(x.Rows)
		j := rng.IntN(x.Rows - 1)
		if j >= i {
			j++
		}
		_, _, ratios[k] = Smoothness(Jumps(Path(m, x.Row(i), x.Row(j), steps, spherical)))
	}
	return ratios
}

// MeanSE returns the mean of xs and its standard error, the sample
// standard deviation divided by √n: how far the mean of another sample of
// the same size would typically fall from this one. With fewer than two
// values the standard error is NaN.
func MeanSE(xs []float64) (mean, se float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}
