package iwae

import (
	"math"

	"github.com/vaelab/govae/lessons/likelihood"
)

// ESS returns the effective sample size of a digit's k importance
// samples, 1 / Σ_i w̃_i², with w̃ the normalized weights (notebook 14,
// exercise 3): k when every sample weighs the same, 1 when one sample
// carries all the weight. The gradient of L_k is a w̃-weighted sum of the
// samples' gradients, so the ESS says how many samples it really uses.
func ESS(logw []float64) float64 {
	lse := likelihood.LogSumExp(logw)
	var s float64
	for _, v := range logw {
		w := math.Exp(v - lse)
		s += w * w
	}
	return 1 / s
}
