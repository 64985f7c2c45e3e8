package explorer

import (
	"fmt"

	"github.com/vaelab/govae/lessons/aevsvae"
	"github.com/vaelab/govae/lessons/course"
)

// Recipes returns the two models of notebook 09: notebook 01's VAE with a
// 2-D latent space, whose plane the sliders cover (§2), and with the
// usual 20-D one, explored along its main directions (§3). Both are
// 784-400-Z VAEs trained for epochs epochs on data, with notebook 01's
// settings, so the 20-D one shares notebook 01's checkpoint.
func Recipes(data string, epochs int) (plane, full course.Recipe) {
	_, plane = aevsvae.Recipes(data, epochs, 400, 2)
	_, full = aevsvae.Recipes(data, epochs, 400, 20)
	return plane, full
}

// Sweep decodes n images (n ≥ 2) along axis k, from −Range to Range in
// even steps with every other slider at 0: what moving that one slider
// end to end shows, as a strip for pages where sliders cannot move
// (notebook 09 §3). It panics if k is not an axis or n < 2.
func (e *Explorer) Sweep(k, n int) [][]float32 {
	if k < 0 || k >= len(e.Axes) || n < 2 {
		panic(fmt.Sprintf("explorer: Sweep of axis %d in %d steps: have %d axes, need n ≥ 2", k, n, len(e.Axes)))
	}
	out := make([][]float32, n)
	pos := make([]int, len(e.Axes))
	for i := range out {
		pos[k] = -Ticks + 2*Ticks*i/(n-1)
		out[i] = e.Decode(pos)
	}
	return out
}
