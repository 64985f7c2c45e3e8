package priors

import (
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained model (course.NetRecipe).
type Recipe = course.NetRecipe[Config]

// NewRecipe returns the model of notebook 12 with the given prior
// (Standard, MoG or Vamp), trained for epochs epochs on data with
// notebook 1's settings (784-400-20, batch 128, Adam at 1e-3, seed 1) but
// on binary digits, each pixel a fresh coin at every step, so that its
// log-likelihood of binarized test digits means what it says (notebook 7).
func NewRecipe(data, prior string, epochs int) Recipe {
	return Recipe{
		Name:  "prior-" + prior,
		Model: Config{Prior: prior, Hidden: 400, Latent: 20},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1, Binarize: true},
		Data:  data,
		Seed:  1,
	}
}

// Get is how a notebook cell obtains the model of recipe r: from its
// checkpoint in the course's model folder, or trained now with live
// progress (course.GetNet).
func Get(r Recipe) (*course.TrainedNet[*Model], error) { return course.GetNet(r, New) }
