package cvae

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained CVAE, as course.Recipe
// is for a vae.Model: two equal recipes give the same model, so a recipe
// names its checkpoint.
type Recipe struct {
	Name  string          `json:"name"` // e.g. "cvae20", shown in file names
	Model Config          `json:"model"`
	Train vae.TrainConfig `json:"train"`
	Data  string          `json:"data"` // course.Data name: "mnist" or "mnist-small"
	Seed  uint64          `json:"seed"` // weight initialization
}

// NewRecipe returns the CVAE of notebook 06, trained for epochs epochs on
// data: the 784-400 encoder and decoder of the earlier notebooks with a
// 10-class label, batch 128 and Adam, but a 10-dimensional code and a
// learning rate of 2e-3 rather than 20 and 1e-3. The class costs a code as
// little as log 10 ≈ 2.3 nats per digit, so a roomy code trained slowly
// learns to carry it as well, and the decoder then leans on z instead of
// y; the smaller code and the faster start make the decoder follow the
// label within a few epochs (notebook 06 §2 and exercise 2).
func NewRecipe(data string, epochs int) Recipe {
	return Recipe{
		Name:  "cvae10",
		Model: Config{Input: 784, Classes: 10, Hidden: 400, Latent: 10},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 2e-3, Seed: 1},
		Data:  data,
		Seed:  1,
	}
}

// CheckpointPath is where the model of r is kept inside dir: its name and
// a hash of the whole recipe, so changing any setting trains anew.
func (r Recipe) CheckpointPath(dir string) string {
	b, _ := json.Marshal(r) // a Recipe always encodes: its funcs are not
	sum := sha256.Sum256(b)
	return filepath.Join(dir, fmt.Sprintf("%s-%s.ckpt", r.Name, hex.EncodeToString(sum[:6])))
}

// Trained is a CVAE with the record of its training.
type Trained struct {
	Model   *Model
	History []vae.Epoch
	Cached  bool   // loaded from a checkpoint rather than trained now
	Path    string // the checkpoint
	// Replaced says why a checkpoint already at Path was not used but
	// trained again and overwritten; "" if none was there or it was used.
	Replaced string
}

// TrainOrLoad returns the model of recipe r: loaded from its checkpoint in
// dir if there is a usable one, else trained on train (reporting to onStep
// and onEpoch, which may be nil) and saved there. It is course.FromCache,
// the policy every lesson's model shares: a damaged or foreign checkpoint
// is trained again and replaced, saying why; one that cannot be read at
// all is an error.
func TrainOrLoad(dir string, r Recipe, train, test *vae.Dataset, onStep func(vae.Step), onEpoch func(vae.Epoch)) (*Trained, error) {
	if r.Train.Epochs < 1 { // the library would read 0 as its default, 10
		return nil, fmt.Errorf("cvae: recipe %s: %d epochs: a model trains for at least 1 epoch; set epochs to a positive number (10 is usual)", r.Name, r.Train.Epochs)
	}
	digest := course.Digest(train, test)
	t, cached, why, err := course.FromCache(r.CheckpointPath(dir),
		func(path string) (*Trained, error) {
			m, hist, err := Load(path, r, digest, r.Model.Threads)
			return &Trained{Model: m, History: hist}, err
		},
		func() (*Trained, error) {
			m, err := New(r.Model, r.Seed)
			if err != nil {
				return nil, err
			}
			tc := r.Train
			tc.OnStep, tc.OnEpoch = onStep, onEpoch
			hist, err := Train(m, train, test, tc)
			if err != nil {
				return nil, fmt.Errorf("cvae: training %s: %w", r.Name, err)
			}
			return &Trained{Model: m, History: hist}, nil
		},
		func(path string, t *Trained) error { return Save(path, t.Model, r, digest, t.History) })
	if err != nil {
		return nil, err
	}
	t.Cached, t.Path, t.Replaced = cached, r.CheckpointPath(dir), why
	return t, nil
}

// Get is how a notebook cell obtains the model of recipe r, as course.Get
// does for a vae.Model: from its checkpoint in course.ModelDir, or trained
// there and then with live progress (course.Live, shown only inside a
// notebook). It prints one line saying which happened and the final test
// loss.
func Get(r Recipe) (*Trained, error) {
	train, test, err := course.Data(r.Data)
	if err != nil {
		return nil, err
	}
	dir, err := course.ModelDir()
	if err != nil {
		return nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &course.Live{Title: "training " + r.Name, Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	t, err := TrainOrLoad(dir, r, train, test, live.Step, live.Epoch)
	if err != nil {
		return nil, err
	}
	fmt.Println(course.Line(r.Name, t.Model, t.Cached, t.Replaced, t.Path, t.History, 1))
	return t, nil
}
