package betavae_test

import (
	"fmt"

	"github.com/vaelab/govae/lessons/betavae"
	"github.com/vaelab/govae/lessons/klterm"
)

// The warm-up schedule of notebook 05 §4 with T = 4 steps: β_t rises
// from 0 to β = 8, then holds.
func ExampleBeta() {
	r := betavae.Warmup(klterm.BetaRecipe("mnist", 3, 200, 20, 8), 4)
	var b []float64
	for t := 0; t <= 6; t++ {
		b = append(b, betavae.Beta(r, t))
	}
	fmt.Println(b, r.Name)
	// Output:
	// [0 2 4 6 8 8 8] vae20-beta8-warmup4
}
