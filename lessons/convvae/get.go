package convvae

import (
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained conv VAE (course.NetRecipe).
type Recipe = course.NetRecipe[Config]

// NewRecipe returns the conv VAE of notebook 10, trained for epochs epochs
// on data ("mnist" or "mnist-small") with the MLP VAE's settings: batch
// 128, Adam at 1e-3, seed 1.
func NewRecipe(data string, epochs int) Recipe {
	return Recipe{
		Name:  "convvae",
		Model: Config{Latent: 20, C1: 16, C2: 32},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data,
		Seed:  1,
	}
}

// Get is how a notebook cell obtains the model of recipe r: from its
// checkpoint in the course's model folder, or trained now with live
// progress (course.GetNet).
func Get(r Recipe) (*course.TrainedNet[*Model], error) { return course.GetNet(r, New) }
