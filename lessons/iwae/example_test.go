package iwae_test

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/lessons/iwae"
	"github.com/vaelab/govae/vae"
)

// Each digit's row is repeated k times, so the decoder runs all B·k
// samples in one batch.
func ExampleRepeatForward() {
	mu := vae.MatFrom(2, 2, []float32{0.5, -1, 2, 0})
	muK := vae.NewMat(2*3, 2)
	iwae.RepeatForward(muK, mu, 3)
	for r := range muK.Rows {
		fmt.Println(muK.Row(r))
	}
	// Output:
	// [0.5 -1]
	// [0.5 -1]
	// [0.5 -1]
	// [2 0]
	// [2 0]
	// [2 0]
}

// The bound of one digit from its k = 3 log weights: L_3 = log of the mean
// weight. The largest weight dominates the normalized weights, which the
// gradient of each sample is scaled by.
func ExampleBoundForward() {
	logw := []float64{-100, -101, -104}
	bound, wnorm := make([]float64, 1), make([]float64, 3)
	iwae.BoundForward(bound, wnorm, logw, 3)
	mean := (math.Exp(-100) + math.Exp(-101) + math.Exp(-104)) / 3
	fmt.Printf("L_3 = %.4f (log of the mean weight: %.4f)\n", bound[0], math.Log(mean))
	fmt.Printf("normalized weights %.3f\n", wnorm)
	// Output:
	// L_3 = -100.7720 (log of the mean weight: -100.7720)
	// normalized weights [0.721 0.265 0.013]
}

// The prior's log-density at the origin of a 2-D latent space is −log 2π.
func ExampleLogPriorForward() {
	rows := make([]float64, 1)
	iwae.LogPriorForward(rows, vae.NewMat(1, 2))
	fmt.Printf("%.4f = −log 2π = %.4f\n", rows[0], -math.Log(2*math.Pi))
	// Output:
	// -1.8379 = −log 2π = -1.8379
}
