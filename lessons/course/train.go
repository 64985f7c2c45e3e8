package course

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"

	"github.com/vaelab/govae/vae"
)

// Recipe is everything that determines a trained model: architecture,
// training settings and data. Two equal recipes give the same model, so a
// recipe names its checkpoint.
type Recipe struct {
	Name  string          `json:"name"` // e.g. "vae", shown in file names
	Model vae.Config      `json:"model"`
	Train vae.TrainConfig `json:"train"`
	Data  string          `json:"data"` // which Dataset: "mnist" or "mnist-small"
	Seed  uint64          `json:"seed"` // weight initialization

	// Warmup, if positive, raises β linearly from 0 to Model.Beta over
	// this many steps (KL warm-up), then holds it.
	Warmup int `json:"warmup,omitempty"`
	// Corrupt, if set, names the corruption a denoising model is trained
	// against (see ParseCorruption), e.g. "mask:0.5" or "gauss:0.3".
	Corrupt string `json:"corrupt,omitempty"`
	// Exclude lists digit classes left out of the training set (not the
	// test set): a model that never saw a 7 can be asked to flag one.
	Exclude []uint8 `json:"exclude,omitempty"`
}

// Validate reports a recipe that cannot make the model a lesson asks for,
// saying which notebook setting to change. The library reads a zero size
// or epoch count as its default (vae.Config, vae.TrainConfig), but a
// notebook that sets epochs = 0 or latent = 0 means what it says, and a
// 20-D model trained for 10 epochs in its place would be a silent wrong
// answer; so a recipe spells every count out, at least 1.
func (r Recipe) Validate() error {
	switch {
	case r.Train.Epochs < 1:
		return fmt.Errorf("course: recipe %s: %d epochs: a model trains for at least 1 epoch; set epochs to a positive number (10 is usual)", r.Name, r.Train.Epochs)
	case r.Model.Hidden < 1:
		return fmt.Errorf("course: recipe %s: %d hidden units: set hidden to a positive number (400 is usual)", r.Name, r.Model.Hidden)
	case r.Model.Latent < 1:
		return fmt.Errorf("course: recipe %s: latent size %d: set latent to a positive number (20 is usual, 2 to draw the latent plane)", r.Name, r.Model.Latent)
	case r.Warmup < 0:
		return fmt.Errorf("course: recipe %s: warm-up of %d steps: use 0 (none) or a positive count", r.Name, r.Warmup)
	}
	if err := r.Model.Validate(); err != nil {
		return fmt.Errorf("course: recipe %s: %w", r.Name, err)
	}
	if err := r.Train.Validate(); err != nil {
		return fmt.Errorf("course: recipe %s: %w", r.Name, err)
	}
	return nil
}

// trainConfig is r.Train with the recipe's warm-up and corruption turned
// into the trainer's hooks.
func (r Recipe) trainConfig() (vae.TrainConfig, error) {
	tc := r.Train
	if r.Warmup > 0 {
		beta, n := r.Model.Beta, r.Warmup
		if beta == 0 {
			beta = 1 // vae.Config's default
		}
		tc.BetaSchedule = func(step int) float64 { return beta * min(float64(step)/float64(n), 1) }
	}
	if r.Corrupt != "" {
		c, err := ParseCorruption(r.Corrupt)
		if err != nil {
			return tc, fmt.Errorf("course: recipe %s: %w", r.Name, err)
		}
		tc.Corrupt = c.Apply
	}
	return tc, nil
}

// Trained is a model with the record of its training.
type Trained struct {
	Model   *vae.Model
	History []vae.Epoch
	Cached  bool   // loaded from a checkpoint rather than trained now
	Path    string // the checkpoint
	// Replaced says why a checkpoint already at Path was not used but
	// trained again and overwritten; "" if none was there or it was used.
	Replaced string
	// Snapshots are the prior draws the model decoded after each epoch
	// of its training (see SnapshotDraws); nil for a checkpoint saved
	// before they were kept.
	Snapshots []Snapshot
}

// SnapshotDraws is how many draws z from the prior TrainOrLoad decodes
// after every epoch, the same draws each time (from a generator seeded
// with SnapshotSeed), so that a chart can show the model's samples
// improving as it trains. They are kept in the checkpoint.
const (
	SnapshotDraws = 10
	SnapshotSeed  = 7
)

// maxSnapshots is how many epochs' snapshots a checkpoint keeps at most:
// enough to watch the samples improve, and a long run's file stays small.
const maxSnapshots = 50

// thin returns at most n of ss, evenly spaced, the first and the last
// always among them.
func thin(ss []snapshotJSON, n int) []snapshotJSON {
	if len(ss) <= n {
		return ss
	}
	out := make([]snapshotJSON, n)
	for i := range out {
		out[i] = ss[i*(len(ss)-1)/(n-1)]
	}
	return out
}

// Snapshot is what a model drew after one epoch of training: the
// decoder's mean images (SnapshotDraws, D) of the fixed prior draws,
// stored to 1/255.
type Snapshot struct {
	Epoch  int
	Images vae.Mat
}

// meta is what a checkpoint records about its recipe and training.
type meta struct {
	Recipe    Recipe         `json:"recipe"`
	Data      string         `json:"data_digest"` // Digest of the data it was trained on
	History   []epochJSON    `json:"history"`
	Snapshots []snapshotJSON `json:"snapshots,omitempty"`
}

// snapshotJSON is a Snapshot with its grey levels as bytes (base64 in
// JSON), 0 for white and 255 for black ink.
type snapshotJSON struct {
	Epoch  int    `json:"epoch"`
	Rows   int    `json:"rows"`
	Cols   int    `json:"cols"`
	Pixels []byte `json:"pixels"`
}

// snapshot decodes the draws z with m after epoch.
func snapshot(m *vae.Model, z vae.Mat, epoch int) snapshotJSON {
	im := m.Decode(z)
	s := snapshotJSON{Epoch: epoch, Rows: im.Rows, Cols: im.Cols, Pixels: make([]byte, len(im.Data))}
	for i, v := range im.Data {
		s.Pixels[i] = uint8(math.Round(255 * min(max(float64(v), 0), 1)))
	}
	return s
}

// fromSnapshots turns stored snapshots back into images.
func fromSnapshots(ss []snapshotJSON) []Snapshot {
	var out []Snapshot
	for _, s := range ss {
		if len(s.Pixels) != s.Rows*s.Cols {
			return nil // a damaged record: show none rather than a wrong one
		}
		im := vae.NewMat(s.Rows, s.Cols)
		for i, p := range s.Pixels {
			im.Data[i] = float32(p) / 255
		}
		out = append(out, Snapshot{Epoch: s.Epoch, Images: im})
	}
	return out
}

// epochJSON is vae.Epoch with its losses spelled out.
type epochJSON struct {
	Epoch   int      `json:"epoch"`
	Train   vae.Loss `json:"train"`
	Test    vae.Loss `json:"test"`
	Seconds float64  `json:"epoch_s"`
}

// CheckpointPath is where the model of r is kept inside dir: the recipe's
// name and a hash of the whole recipe, so changing any setting trains anew.
func (r Recipe) CheckpointPath(dir string) string {
	b, _ := json.Marshal(r) // a Recipe always encodes: no channels or funcs
	sum := sha256.Sum256(b)
	return filepath.Join(dir, fmt.Sprintf("%s-%s.ckpt", r.Name, hex.EncodeToString(sum[:6])))
}

// TrainOrLoad returns the model of recipe r: loaded from its checkpoint in
// dir if there is a usable one, else trained on train (reporting to onStep
// and onEpoch, which may be nil) and saved there with its training
// settings (FromCache). A recipe that fails Validate is an error, before
// anything is read or trained. A checkpoint that is truncated, corrupt, or holds
// another model or recipe is never used: the model is trained again, the
// file replaced, and Trained.Replaced says why. A checkpoint that cannot
// be read at all (permissions, a folder in its place) is an error.
func TrainOrLoad(dir string, r Recipe, train, test *vae.Dataset, onStep func(vae.Step), onEpoch func(vae.Epoch)) (*Trained, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var snaps []snapshotJSON
	digest := Digest(train, test)
	t, cached, why, err := FromCache(r.CheckpointPath(dir),
		func(path string) (*Trained, error) { return loadCached(path, r, digest) },
		func() (*Trained, error) {
			m, err := vae.New(r.Model, r.Seed)
			if err != nil {
				return nil, err
			}
			tc, err := r.trainConfig()
			if err != nil {
				return nil, err
			}
			z := m.SamplePrior(SnapshotDraws, rand.New(rand.NewPCG(SnapshotSeed, SnapshotSeed)))
			tc.OnStep = onStep
			tc.OnEpoch = func(e vae.Epoch) {
				snaps = append(snaps, snapshot(m, z, e.Epoch))
				if onEpoch != nil {
					onEpoch(e)
				}
			}
			if len(r.Exclude) > 0 {
				train = Without(train, r.Exclude...)
			}
			hist, err := vae.Train(m, train, test, tc)
			if err != nil {
				return nil, fmt.Errorf("course: training %s: %w", r.Name, err)
			}
			return &Trained{Model: m, History: hist, Snapshots: fromSnapshots(snaps)}, nil
		},
		func(path string, t *Trained) error {
			return t.Model.SaveTrained(path, r.Train, meta{Recipe: r, Data: digest, History: toJSON(t.History), Snapshots: thin(snaps, maxSnapshots)})
		})
	if err != nil {
		return nil, err
	}
	t.Cached, t.Path, t.Replaced = cached, r.CheckpointPath(dir), why
	return t, nil
}

// loadCached returns the model of r from its checkpoint at path, checked
// against r's architecture, training settings, name, data and seed, and
// against the digest of the data it is asked for. A file that is not r's
// model gives a *vae.CheckpointError saying how.
func loadCached(path string, r Recipe, digest string) (*Trained, error) {
	var mt meta
	m, err := vae.LoadExpect(path, vae.Expect{Config: r.Model, Train: &r.Train}, r.Model.Threads, &mt)
	if err != nil {
		return nil, err
	}
	// The rest of the recipe (name, data, seed, warm-up...) is in the
	// metadata; a recipe names its file, so they differ only if a file was
	// copied or renamed.
	if got, want := recipeJSON(mt.Recipe), recipeJSON(r); got != want {
		m.Close()
		return nil, &vae.CheckpointError{Path: path, Problem: fmt.Sprintf("it was trained for recipe %s, not %s", got, want),
			Fix: "delete it and train again"}
	}
	if mt.Data != digest {
		m.Close()
		return nil, &vae.CheckpointError{Path: path, Problem: otherData(r.Data, mt.Data, digest), Fix: "delete it and train again"}
	}
	return &Trained{Model: m, History: fromJSON(mt.History), Snapshots: fromSnapshots(mt.Snapshots)}, nil
}

// otherData says that a checkpoint's model was trained on other digits
// than the data set name now holds (digests had and now; had may be
// "", in a checkpoint from before digests were kept).
func otherData(name, had, now string) string {
	if had == "" {
		return fmt.Sprintf("it does not record which digits it was trained on, and %q may have changed since", name)
	}
	return fmt.Sprintf("it was trained on other digits under the name %q (digest %s; the data now has %s)", name, had, now)
}

// recipeJSON is r as the JSON its checkpoint path is hashed from.
func recipeJSON(r Recipe) string {
	b, _ := json.Marshal(r) // a Recipe always encodes: no channels or funcs
	return string(b)
}

func toJSON(h []vae.Epoch) []epochJSON {
	out := make([]epochJSON, len(h))
	for i, e := range h {
		out[i] = epochJSON{e.Epoch, e.Train, e.Test, e.Seconds}
	}
	return out
}

func fromJSON(h []epochJSON) []vae.Epoch {
	out := make([]vae.Epoch, len(h))
	for i, e := range h {
		out[i] = vae.Epoch{Epoch: e.Epoch, Train: e.Train, Test: e.Test, Seconds: e.Seconds}
	}
	return out
}
