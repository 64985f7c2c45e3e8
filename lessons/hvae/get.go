package hvae

import (
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained model (course.NetRecipe).
type Recipe = course.NetRecipe[Config]

// NewRecipe returns the hierarchical VAE of notebook 13, trained for
// epochs epochs on data with batch 128, Adam at 1e-3 and seed 1.
func NewRecipe(data string, epochs int) Recipe {
	return Recipe{
		Name:  "hvae",
		Model: Config{Hidden: 400, Latent1: 20, Hidden2: 100, Latent2: 10},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data,
		Seed:  1,
	}
}

// Get is how a notebook cell obtains the model of recipe r: from its
// checkpoint in the course's model folder, or trained now with live
// progress (course.GetNet).
func Get(r Recipe) (*course.TrainedNet[*Model], error) { return course.GetNet(r, New) }
