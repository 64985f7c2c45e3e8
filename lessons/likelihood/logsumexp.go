package likelihood

import "math"

// LogSumExp returns log Σ_i e^{xs_i} without overflow or underflow
// (notebook 07 §1): it
// factors out the largest term, m + log Σ_i e^{xs_i − m}, so every
// exponent is ≤ 0 and the largest term is exactly 1. The log weights of a
// binary digit are around −100 nats: e^−100 ≈ 4·10⁻⁴⁴ is at the bottom of
// float32's range (below about −104 it is 0), and those of a larger image,
// thousands of nats, leave float64's range too (below about −745), where
// a naive sum of exponentials returns log 0 = −Inf.
//
// Terms of −Inf (weight zero) contribute nothing; all −Inf, or no terms,
// give −Inf. A +Inf term gives +Inf and a NaN term gives NaN.
func LogSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		if math.IsNaN(x) {
			return x
		}
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		return m // +Inf dominates; −Inf means every weight is zero
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}
