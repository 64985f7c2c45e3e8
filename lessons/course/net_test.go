package course

import (
	"bytes"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

// mlp is the library's VAE as a Net: the smallest model to train with Fit.
type mlp struct{ *vae.Model }

func (m mlp) Backward()           { m.Model.Backward(vae.Mat{}) }
func (m mlp) Weights() *vae.Block { return m.Block }

func newMLP(c vae.Config, seed uint64) (mlp, error) {
	m, err := vae.New(c, seed)
	return mlp{m}, err
}

func tinyNetRecipe() NetRecipe[vae.Config] {
	return NetRecipe[vae.Config]{Name: "tinynet", Model: vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 2},
		Train: vae.TrainConfig{Epochs: 2, Seed: 1}, Data: "mnist-small", Seed: 1}
}

// TestTrainNetOrLoad trains a Net, keeps it, loads it back as it was, and
// trains again, saying why, when the checkpoint is damaged, of another
// recipe, or of other digits under the same name.
func TestTrainNetOrLoad(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	train = train.Head(300)
	r, dir := tinyNetRecipe(), t.TempDir()
	var epochs []int
	first, err := TrainNetOrLoad(dir, r, newMLP, train, test, nil, func(e vae.Epoch) { epochs = append(epochs, e.Epoch) })
	if err != nil {
		t.Fatal(err)
	}
	defer first.Model.Close()
	if first.Cached || !slices.Equal(epochs, []int{1, 2}) || len(first.History) != 2 {
		t.Fatalf("first call: cached %v, epochs reported %v, history %d: want trained now for 2 epochs", first.Cached, epochs, len(first.History))
	}
	if h := first.History; !(h[1].Train.Total < h[0].Train.Total) {
		t.Errorf("training loss went from %.2f to %.2f: Fit did not learn", h[0].Train.Total, h[1].Train.Total)
	}
	again, err := TrainNetOrLoad(dir, r, newMLP, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Model.Close()
	if !again.Cached || !slices.Equal(again.Model.Params, first.Model.Params) || !slices.Equal(again.History, first.History) {
		t.Errorf("second call: cached %v; want the first model loaded with its history", again.Cached)
	}

	valid, _ := os.ReadFile(first.Path)
	flipped := bytes.Clone(valid)
	flipped[len(flipped)-50] ^= 0x10
	other := r
	other.Seed = 2
	otherRun, err := TrainNetOrLoad(t.TempDir(), other, newMLP, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	otherRun.Model.Close()
	otherFile, _ := os.ReadFile(otherRun.Path)
	for _, tc := range []struct {
		name  string
		file  []byte
		train *vae.Dataset
		want  string
	}{
		{"bit flip", flipped, train, "checksum mismatch"},
		{"another recipe", otherFile, train, `"seed":2`},
		{"other digits", valid, train.Head(200), "trained on other digits under the name \"mnist-small\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(r.CheckpointPath(dir), tc.file, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := TrainNetOrLoad(dir, r, newMLP, tc.train, test, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Model.Close()
			if got.Cached || !strings.Contains(got.Replaced, tc.want) {
				t.Errorf("cached %v, replaced %q: want trained again, saying %q", got.Cached, got.Replaced, tc.want)
			}
		})
	}
}

func TestFitRefuses(t *testing.T) {
	train, _, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMLP(vae.Config{Kind: vae.VAE, Hidden: 8, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, tc := range []struct {
		tc   vae.TrainConfig
		want string
	}{
		{vae.TrainConfig{Epochs: 1, BetaSchedule: func(int) float64 { return 1 }}, "a β schedule, corruption and the sgd optimizer are not part of this lesson"},
		{vae.TrainConfig{Epochs: 1, Optimizer: "sgd"}, "not part of this lesson"},
		{vae.TrainConfig{Epochs: 1, LR: -1}, "learning rate"},
		{vae.TrainConfig{Epochs: 1, LR: 1e30}, "the learning rate (1e+30) is likely too high"},
	} {
		_, err := Fit(m, train.Head(256), nil, tc.tc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Fit(%+v): %v, want an error saying %q", tc.tc, err, tc.want)
		}
	}
	if _, err := TrainNetOrLoad(t.TempDir(), NetRecipe[vae.Config]{Name: "none", Model: vae.Config{Kind: vae.VAE}}, newMLP, train, nil, nil, nil); err == nil || !strings.Contains(err.Error(), "0 epochs") {
		t.Errorf("a recipe of 0 epochs: %v, want an error", err)
	}
}

// spy is a Net that records whether every pixel it was trained on was 0
// or 1.
type spy struct {
	mlp
	binary bool
}

func (s *spy) Forward(x vae.Mat, rng *rand.Rand) vae.Loss {
	if x.Rows == 0 || s.Model.Config.Input != x.Cols {
		panic("spy: a batch of another shape")
	}
	for _, v := range x.Data {
		s.binary = s.binary && (v == 0 || v == 1)
	}
	return s.mlp.Forward(x, rng)
}

func TestFitBinarizes(t *testing.T) {
	train, _, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	for _, binarize := range []bool{false, true} {
		m, err := newMLP(vae.Config{Kind: vae.VAE, Hidden: 8, Latent: 2}, 1)
		if err != nil {
			t.Fatal(err)
		}
		s := &spy{mlp: m, binary: true}
		if _, err := Fit(s, train.Head(256), nil, vae.TrainConfig{Epochs: 1, Binarize: binarize}); err != nil {
			t.Fatal(err)
		}
		m.Close()
		if s.binary != binarize {
			t.Errorf("Binarize %v: every pixel trained on was 0 or 1: %v", binarize, s.binary)
		}
	}
}
