package course

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestTrainOrLoadTrainsOnceThenLoads(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := Recipe{Name: "tiny", Model: vae.Config{Kind: vae.VAE, Hidden: 32, Latent: 2}, Train: vae.TrainConfig{Epochs: 1, Seed: 1}, Data: "mnist-small", Seed: 1}
	steps := 0
	first, err := TrainOrLoad(dir, r, train.Head(256), test, func(vae.Step) { steps++ }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || steps != 2 {
		t.Errorf("first call: cached %v after %d steps; want a fresh model trained in 2 steps", first.Cached, steps)
	}
	second, err := TrainOrLoad(dir, r, train.Head(256), test, func(vae.Step) { steps++ }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached || steps != 2 || second.History[0].Test != first.History[0].Test {
		t.Errorf("second call: cached %v, %d steps, history %+v; want the saved model and its history", second.Cached, steps, second.History)
	}
	r.Model.Beta = 2
	if r.CheckpointPath(dir) == first.Path {
		t.Error("changing beta did not change the checkpoint path")
	}
	// Damaged checkpoints: TestTrainOrLoadReplacesUnusableCheckpoints.
}

func TestLiveShowsProgressAndEpochs(t *testing.T) {
	var shown []string
	l := &Live{Title: "VAE <test>", Show: func(h string) { shown = append(shown, h) }}
	l.Step(vae.Step{Epoch: 1, Step: 1, Steps: 4, Loss: vae.Loss{Total: 200}})
	l.Step(vae.Step{Epoch: 1, Step: 2, Steps: 4}) // throttled
	l.Step(vae.Step{Epoch: 1, Step: 4, Steps: 4}) // last step always drawn
	l.Epoch(vae.Epoch{Epoch: 1, Train: vae.Loss{Total: 150}, Test: vae.Loss{Total: 140, Recon: 120, KL: 20}, Seconds: 1.5})
	if len(shown) != 3 {
		t.Fatalf("%d redraws, want 3", len(shown))
	}
	last := shown[2]
	for _, want := range []string{"VAE &lt;test&gt;", "epoch  1", "test 140.00", "KL 20.00"} {
		if !strings.Contains(last, want) {
			t.Errorf("final block %q lacks %q", last, want)
		}
	}
	if !strings.Contains(shown[0], "step 1/4") || !strings.Contains(shown[0], "width:25%") {
		t.Errorf("first block %q lacks the step and a 25%% bar", shown[0])
	}
}

func TestRepoRootAndData(t *testing.T) {
	if _, err := RepoRoot(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Data("cifar"); err == nil {
		t.Error("unknown data set gave no error")
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(os.TempDir())
	if _, err := ModelDir(); err == nil || !strings.Contains(err.Error(), "notebooks/") {
		t.Errorf("outside the repository: error %v", err)
	}
}

func TestConversions(t *testing.T) {
	m := vae.MatFrom(2, 3, []float32{1, 2, 3, 4, 5, 6})
	r := Rows(m)
	if len(r) != 2 || r[1][2] != 6 {
		t.Errorf("Rows = %v", r)
	}
	d := &vae.Dataset{N: 3, Labels: []uint8{7, 2, 1}}
	if l := Labels(d, 5); len(l) != 3 || l[0] != 7 {
		t.Errorf("Labels = %v", l)
	}
	h := History([]vae.Epoch{{Epoch: 1, Train: vae.Loss{Total: 3, KL: 1}, Test: vae.Loss{Recon: 2}}})
	if h.X[0] != 1 || h.Train.Loss[0] != 3 || h.Train.KL[0] != 1 || h.Test.Recon[0] != 2 {
		t.Errorf("History = %+v", h)
	}
}

func TestGetTrainsThenLoadsInModelDir(t *testing.T) {
	r := Recipe{Name: "get-test", Model: vae.Config{Kind: vae.AE, Hidden: 16, Latent: 2}, Train: vae.TrainConfig{Epochs: 1, Seed: 3}, Data: "mnist-small", Seed: 3}
	dir, err := ModelDir()
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(r.CheckpointPath(dir))
	defer os.Remove(r.CheckpointPath(dir))
	a, err := Get(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Get(r)
	if err != nil {
		t.Fatal(err)
	}
	if a.Cached || !b.Cached || len(b.History) != 1 {
		t.Errorf("first Get cached=%v, second cached=%v with %d epochs; want trained, then loaded with 1", a.Cached, b.Cached, len(b.History))
	}
}

func TestSummary(t *testing.T) {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 4, Hidden: 3, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	hist := []vae.Epoch{{Epoch: 3, Test: vae.Loss{Recon: 80, KL: 25.5, Total: 105.5, N: 1}}}
	m4, err := vae.New(vae.Config{Kind: vae.VAE, Input: 4, Hidden: 3, Latent: 2, Beta: 4}, 1)
	if err != nil {
		t.Fatal(err)
	}
	hist4 := []vae.Epoch{{Epoch: 3, Test: vae.Loss{Recon: 120, KL: 8.5, Total: 154, N: 1}}}
	for _, tc := range []struct {
		name string
		tr   Trained
		want string
	}{
		{"β = 4", Trained{Model: m4, History: hist4},
			"r: VAE 4-3-2 (bernoulli, β=4), trained now; after 3 epochs, test loss 154.00 per digit (recon 120.00 + 4 × KL 8.50)"},
		{"trained", Trained{Model: m, History: hist},
			"r: VAE 4-3-2 (bernoulli, β=1), trained now; after 3 epochs, test loss 105.50 per digit (recon 80.00 + KL 25.50)"},
		{"cached", Trained{Model: m, Cached: true, Path: "/x/.models/r-abc.ckpt"},
			"r: VAE 4-3-2 (bernoulli, β=1), loaded from .models/r-abc.ckpt"},
		{"replaced", Trained{Model: m, Replaced: "the cached file was damaged"},
			"the cached file was damaged\nr: VAE 4-3-2 (bernoulli, β=1), trained now"},
	} {
		if got := Summary(Recipe{Name: "r"}, &tc.tr); got != tc.want {
			t.Errorf("%s: Summary =\n%q\nwant\n%q", tc.name, got, tc.want)
		}
	}
}

// TestRecipeValidate holds a lesson's recipe to spelled-out counts: a
// notebook that sets epochs, hidden or latent to 0 gets an error naming
// the setting, not the library's default model under a misleading name.
func TestRecipeValidate(t *testing.T) {
	good := Recipe{Name: "vae2", Model: vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 2}, Train: vae.TrainConfig{Epochs: 1, Seed: 1}, Data: "mnist-small", Seed: 1}
	if err := good.Validate(); err != nil {
		t.Fatalf("a good recipe: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Recipe)
		want string
	}{
		{"epochs = 0", func(r *Recipe) { r.Train.Epochs = 0 }, "set epochs to a positive number"},
		{"hidden = 0", func(r *Recipe) { r.Model.Hidden = 0 }, "set hidden to a positive number"},
		{"latent = 0", func(r *Recipe) { r.Model.Latent = 0 }, "set latent to a positive number"},
		{"latent = -3", func(r *Recipe) { r.Model.Latent = -3 }, "latent size -3"},
		{"a negative warm-up", func(r *Recipe) { r.Warmup = -1 }, "warm-up of -1 steps"},
		{"β beyond float32", func(r *Recipe) { r.Model.Beta = 1e39 }, "beyond float32's range"},
		{"a negative learning rate", func(r *Recipe) { r.Train.LR = -1 }, "learning rate must be a positive number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.edit(&r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error saying %q", err, tc.want)
			}
			// TrainOrLoad refuses it before reading or training anything.
			dir := t.TempDir()
			if _, err := TrainOrLoad(dir, r, nil, nil, nil, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("TrainOrLoad = %v, want the same error", err)
			}
		})
	}
}

func TestThinSnapshots(t *testing.T) {
	var ss []snapshotJSON
	for e := 1; e <= 1000; e++ {
		ss = append(ss, snapshotJSON{Epoch: e})
	}
	got := thin(ss, 50)
	if len(got) != 50 || got[0].Epoch != 1 || got[49].Epoch != 1000 {
		t.Fatalf("thinned to %d snapshots, epochs %d…%d; want 50 from 1 to 1000", len(got), got[0].Epoch, got[len(got)-1].Epoch)
	}
	for i := 1; i < len(got); i++ {
		if d := got[i].Epoch - got[i-1].Epoch; d < 19 || d > 22 {
			t.Errorf("snapshots %d and %d are %d epochs apart; want them evenly spread", i-1, i, d)
		}
	}
	if short := ss[:10]; len(thin(short, 50)) != 10 {
		t.Error("a short run lost snapshots")
	}
}

// TestOtherDataRetrains trains a recipe, then asks for it again with other
// digits behind the same data name (as when MNIST_DIR points elsewhere):
// the model must be trained again, saying why, not loaded; asked for the
// first digits again, it is loaded.
func TestOtherDataRetrains(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := Recipe{Name: "tiny", Model: vae.Config{Kind: vae.VAE, Hidden: 16, Latent: 2}, Train: vae.TrainConfig{Epochs: 1, Seed: 1}, Data: "mnist-small", Seed: 1}
	a := train.Head(256)
	if _, err := TrainOrLoad(dir, r, a, test, nil, nil); err != nil {
		t.Fatal(err)
	}
	b := *a // the same name and shape, other ink
	b.Pixels = slices.Clone(a.Pixels)
	for i := range b.Pixels {
		b.Pixels[i] = 255 - b.Pixels[i]
	}
	again, err := TrainOrLoad(dir, r, &b, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Cached || !strings.Contains(again.Replaced, "trained on other digits under the name \"mnist-small\"") {
		t.Errorf("other digits: cached %v, replaced %q; want a retrain saying why", again.Cached, again.Replaced)
	}
	again.Model.Close()
	third, err := TrainOrLoad(dir, r, &b, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Model.Close()
	if !third.Cached {
		t.Errorf("the same digits again were trained again (%q), not loaded", third.Replaced)
	}
}
