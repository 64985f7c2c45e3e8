package likelihood

import (
	"fmt"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is the VAE of notebook 07: notebook 01's 784-hidden-latent
// architecture and training settings, on dynamically binarized digits,
// with decoder distribution lik (Gaussian with the library's default pixel
// standard deviation, 0.1).
func Recipe(data string, epochs, hidden, latent int, lik vae.Likelihood) course.Recipe {
	return course.Recipe{
		Name:  fmt.Sprintf("vae%d-bin-%v", latent, lik),
		Model: vae.Config{Kind: vae.VAE, Hidden: hidden, Latent: latent, Likelihood: lik},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1, Binarize: true},
		Data:  data, Seed: 1,
	}
}
