// Package anomaly is the code of notebook 08, "Denoising and anomaly
// detection": a VAE trained to reconstruct clean digits from corrupted
// ones, and the VAE's negative ELBO used as a score that flags inputs
// unlike its training data, measured by ROC curves and their AUC.
package anomaly

import (
	"fmt"

	"github.com/vaelab/govae/lessons/aevsvae"
	"github.com/vaelab/govae/lessons/course"
)

// Recipes returns the two models of notebook 08, both the 784-400-20 VAE
// of notebook 01 trained for epochs epochs on data without the digit
// class held, whose test digits are kept back to play unfamiliar inputs:
//
//   - plain reads clean digits and reconstructs them (§1–§4);
//   - denoise reads digits damaged by corrupt (e.g. "saltpepper:0.2",
//     see course.ParseCorruption) and is scored on the clean ones (§1).
func Recipes(data string, epochs int, corrupt string, held uint8) (plain, denoise course.Recipe) {
	_, plain = aevsvae.Recipes(data, epochs, 400, 20)
	plain.Name, plain.Exclude = fmt.Sprintf("vae20-no%d", held), []uint8{held}
	denoise = plain
	denoise.Name, denoise.Corrupt = fmt.Sprintf("dvae20-no%d", held), corrupt
	return plain, denoise
}
