package vqvae

import (
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained VQ-VAE (course.NetRecipe).
type Recipe = course.NetRecipe[Config]

// NewRecipe returns the VQ-VAE of notebook 11, trained for epochs epochs
// on data with batch 128, Adam at 1e-3 and seed 1, restarting dead codes
// or not.
func NewRecipe(data string, epochs int, restart bool) Recipe {
	name := "vqvae"
	if restart {
		name = "vqvae-restart"
	}
	return Recipe{
		Name:  name,
		Model: Config{Codes: 32, Dim: 8, C1: 16, Beta: 0.25, Restart: restart},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data,
		Seed:  1,
	}
}

// Get is how a notebook cell obtains the model of recipe r: from its
// checkpoint in the course's model folder, or trained now with live
// progress (course.GetNet).
func Get(r Recipe) (*course.TrainedNet[*Model], error) { return course.GetNet(r, New) }
