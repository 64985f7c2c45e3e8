package iwae

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a model of notebook 14: its
// architecture, the samples per digit of its training bound, how long it
// trains, on which data, and its seeds (weights, order, coins and eps).
type Recipe struct {
	Name   string `json:"name"` // e.g. "iwae5", shown in file names
	Model  Config `json:"model"`
	K      int    `json:"k"`      // samples per digit in the bound; 1 is the VAE
	Epochs int    `json:"epochs"` // passes over the training digits
	Data   string `json:"data"`   // course.Data's name: "mnist" or "mnist-small"
	Seed   uint64 `json:"seed"`
}

// NewRecipe returns the model of notebook 14 trained on the k-sample bound
// for epochs epochs on data: the 784-400-40 ReLU MLP of the likelihood
// table, batch 128, Adam at 1e-3, seed 1.
func NewRecipe(data string, k, epochs int) Recipe {
	return Recipe{Name: fmt.Sprintf("iwae%d", k), Model: Config{Hidden: []int{400}, Latent: 40}, K: k, Epochs: epochs, Data: data, Seed: 1}
}

// CheckpointPath is where the model of r is kept inside dir: its name and
// a hash of the whole recipe, so changing any setting trains anew.
func (r Recipe) CheckpointPath(dir string) string {
	b, err := json.Marshal(r)
	if err != nil {
		panic(fmt.Sprintf("iwae: recipe %s does not encode: %v", r.Name, err))
	}
	sum := sha256.Sum256(b)
	return filepath.Join(dir, fmt.Sprintf("%s-%s.ckpt", r.Name, hex.EncodeToString(sum[:6])))
}

// Trained is a model of a recipe with the record of its training.
type Trained struct {
	Model   *Model
	History []vae.Epoch
	Path    string // the checkpoint
}

// Get is how a notebook cell obtains the model of recipe r: Train with
// the recipe's checkpoint in the course's model folder, which loads the
// epochs the file holds and trains the rest with live progress (none when
// the file holds them all). It tests each epoch on the test digits
// binarized once with seed 1 (likelihood.Binarize), and prints one line
// with the last epoch's test −L_k.
func Get(r Recipe) (*Trained, error) {
	if r.Epochs < 1 || r.K < 1 {
		return nil, fmt.Errorf("iwae: recipe %s: %d epochs at k = %d: set both to at least 1", r.Name, r.Epochs, r.K)
	}
	train, test, err := course.Data(r.Data)
	if err != nil {
		return nil, err
	}
	dir, err := course.ModelDir()
	if err != nil {
		return nil, err
	}
	m, err := New(r.Model, r.Seed)
	if err != nil {
		return nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &course.Live{Title: fmt.Sprintf("training %s (k = %d)", r.Name, r.K), Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	path := r.CheckpointPath(dir)
	hist, err := Train(m, train, likelihood.Binarize(test, 1), TrainConfig{K: r.K, Epochs: r.Epochs, Seed: r.Seed,
		Checkpoint: path, OnStep: live.Step, OnEpoch: live.Epoch})
	if err != nil {
		m.Close()
		return nil, err
	}
	e := hist[len(hist)-1]
	fmt.Printf("%s: %v, k = %d, kept in .models/%s; after %d epochs, test −L_%d %.2f per digit\n", r.Name, m, r.K, filepath.Base(path), e.Epoch, r.K, e.Test.Total)
	return &Trained{Model: m, History: hist, Path: path}, nil
}
