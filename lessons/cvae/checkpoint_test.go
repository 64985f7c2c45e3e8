package cvae

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

func tinyRecipe() Recipe {
	return Recipe{Name: "tiny", Model: Config{Input: 6, Classes: 3, Hidden: 5, Latent: 2},
		Train: vae.TrainConfig{Epochs: 1, Batch: 4, LR: 1e-3, Seed: 1}, Data: "mnist-small", Seed: 3}
}

func TestCheckpointRoundTrip(t *testing.T) {
	r := tinyRecipe()
	m, err := New(r.Model, r.Seed)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := range m.Params { // not the weights New would draw again
		m.Params[i] = float32(i) * 0.25
	}
	hist := []vae.Epoch{{Epoch: 1, Train: vae.Loss{Total: 9.5, N: 1}, Test: vae.Loss{Recon: 7, KL: 1, Total: 8, N: 1}, Seconds: 0.5}}
	path := r.CheckpointPath(t.TempDir())
	if err := Save(path, m, r, "d1g3st", hist); err != nil {
		t.Fatal(err)
	}
	got, gotHist, err := Load(path, r, "d1g3st", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if !slices.Equal(got.Params, m.Params) {
		t.Error("loaded parameters differ from the saved ones")
	}
	if !slices.Equal(gotHist, hist) {
		t.Errorf("history %+v, want %+v", gotHist, hist)
	}
}

// TestLoadRefusesWhatIsNotItsModel: every damaged or foreign file is a
// *vae.CheckpointError, never a model.
func TestLoadRefusesWhatIsNotItsModel(t *testing.T) {
	r := tinyRecipe()
	m, err := New(r.Model, r.Seed)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ckpt")
	if err := Save(good, m, r, "d1g3st", nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	other := r
	other.Train.Epochs = 2
	plain, err := vae.New(vae.Config{Kind: vae.VAE, Input: 6, Hidden: 4, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	vaeFile := filepath.Join(dir, "vae.ckpt")
	if err := plain.Save(vaeFile, nil); err != nil {
		t.Fatal(err)
	}
	vaeBytes, _ := os.ReadFile(vaeFile)
	for _, tc := range []struct {
		name   string
		data   []byte
		want   Recipe
		digest string
	}{
		{"empty", nil, r, "d1g3st"},
		{"truncated", b[:len(b)-9], r, "d1g3st"},
		{"one bit flipped in the weights", flip(b, len(b)-20), r, "d1g3st"},
		{"not a checkpoint", []byte("GOCVAE01 an old format"), r, "d1g3st"},
		{"a vae.Model's checkpoint", vaeBytes, r, "d1g3st"},
		{"another recipe", b, other, "d1g3st"},
		{"other digits under the same name", b, r, "0th3r"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "x.ckpt")
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			m, _, err := Load(p, tc.want, tc.digest, 1)
			var ce *vae.CheckpointError
			if m != nil || !errors.As(err, &ce) || ce.Path != p {
				t.Fatalf("Load = %v, %v; want no model and a *vae.CheckpointError naming the file", m, err)
			}
			t.Log(err)
		})
	}
	if _, _, err := Load(filepath.Join(dir, "none.ckpt"), r, "d1g3st", 1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

func flip(b []byte, i int) []byte {
	c := slices.Clone(b)
	c[i] ^= 1
	return c
}

// TestTrainOrLoad trains once, then loads; a damaged checkpoint is trained
// again and replaced, saying why (course.FromCache), and then loads.
func TestTrainOrLoad(t *testing.T) {
	train := &vae.Dataset{Name: "tiny", N: 8, Dim: 6, Rows: 2, Cols: 3, Pixels: make([]uint8, 48), Labels: []uint8{0, 1, 2, 0, 1, 2, 0, 1}}
	for i := range train.Pixels {
		train.Pixels[i] = uint8(i * 5)
	}
	r := tinyRecipe()
	dir := t.TempDir()
	first, err := TrainOrLoad(dir, r, train, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || len(first.History) != 1 {
		t.Fatalf("first call: cached %v, %d epochs; want trained now, 1 epoch", first.Cached, len(first.History))
	}
	second, err := TrainOrLoad(dir, r, train, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached || !slices.Equal(second.Model.Params, first.Model.Params) {
		t.Fatal("second call did not load the first call's model")
	}
	if err := os.WriteFile(first.Path, []byte("GOVAECKP damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := TrainOrLoad(dir, r, train, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if third.Cached || !strings.Contains(third.Replaced, first.Path) || !strings.Contains(third.Replaced, "training it again") {
		t.Errorf("damaged checkpoint: cached %v, replaced %q; want it trained again, saying why and naming the file", third.Cached, third.Replaced)
	}
	if !slices.Equal(third.Model.Params, first.Model.Params) {
		t.Error("the retrained model differs from the recipe's model")
	}
	fourth, err := TrainOrLoad(dir, r, train, nil, nil, nil)
	if err != nil || !fourth.Cached {
		t.Errorf("after retraining: cached %v, error %v; want the new checkpoint loaded", fourth != nil && fourth.Cached, err)
	}
}

// TestTrainOrLoadRefusesZeroEpochs: the library reads 0 epochs as its
// default, 10, so a notebook that sets epochs = 0 must hear so instead.
func TestTrainOrLoadRefusesZeroEpochs(t *testing.T) {
	r := tinyRecipe()
	r.Train.Epochs = 0
	if _, err := TrainOrLoad(t.TempDir(), r, nil, nil, nil, nil); err == nil || !strings.Contains(err.Error(), "set epochs to a positive number") {
		t.Errorf("TrainOrLoad with 0 epochs: %v", err)
	}
}
