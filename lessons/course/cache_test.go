package course

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

// TestTrainOrLoadReplacesUnusableCheckpoints puts a damaged or foreign
// file where a recipe's checkpoint belongs and checks that TrainOrLoad
// does not use it: it trains again, says why, naming the file, and leaves
// a checkpoint that loads as the recipe's model.
func TestTrainOrLoadReplacesUnusableCheckpoints(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	train = train.Head(256)
	r := Recipe{Name: "tiny", Model: vae.Config{Kind: vae.VAE, Hidden: 32, Latent: 2}, Train: vae.TrainConfig{Epochs: 1, Seed: 1}, Data: "mnist-small", Seed: 1}
	src := t.TempDir()
	good, err := TrainOrLoad(src, r, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := os.ReadFile(good.Path)
	flipped := bytes.Clone(valid)
	flipped[len(flipped)-100] ^= 0x08
	other := r
	other.Model.Hidden = 16
	wider, err := TrainOrLoad(src, other, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	otherArch, _ := os.ReadFile(wider.Path)
	reseeded := r
	reseeded.Seed = 2
	re, err := TrainOrLoad(src, reseeded, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	otherSeed, _ := os.ReadFile(re.Path)
	for _, tc := range []struct {
		name string
		file []byte
		want []string
	}{
		{"truncated", valid[:len(valid)/2], []string{"truncated"}},
		{"bit flip", flipped, []string{"corrupt", "checksum mismatch"}},
		{"not a checkpoint", []byte("garbage"), []string{"not a govae checkpoint"}},
		{"another architecture", otherArch, []string{"hidden 16 in file, 32 expected"}},
		{"another recipe, same architecture", otherSeed, []string{`"seed":2`, `"seed":1`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := r.CheckpointPath(dir)
			os.WriteFile(path, tc.file, 0o644)
			got, err := TrainOrLoad(dir, r, train, test, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Cached {
				t.Fatal("the unusable checkpoint was used")
			}
			for _, w := range append(tc.want, path, "training it again") {
				if !strings.Contains(got.Replaced, w) {
					t.Errorf("Replaced %q lacks %q", got.Replaced, w)
				}
			}
			again, err := TrainOrLoad(dir, r, train, test, nil, nil)
			if err != nil || !again.Cached || again.Replaced != "" {
				t.Fatalf("after retraining: cached %v, replaced %q, error %v; want the new checkpoint loaded", again != nil && again.Cached, again.Replaced, err)
			}
			if again.Model.String() != good.Model.String() || !slices.Equal(again.Model.Params, good.Model.Params) {
				t.Errorf("retrained model %v differs from the recipe's model %v", again.Model, good.Model)
			}
		})
	}
	t.Run("unreadable", func(t *testing.T) {
		dir := t.TempDir()
		os.Mkdir(r.CheckpointPath(dir), 0o755) // a folder cannot be read as a file
		if _, err := TrainOrLoad(dir, r, train, test, nil, nil); err == nil || !strings.Contains(err.Error(), filepath.Base(r.CheckpointPath(dir))) {
			t.Errorf("checkpoint path is a folder: error %v, want one naming it", err)
		}
	})
}
