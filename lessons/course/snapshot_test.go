package course

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

// TestSnapshots trains a small model for three epochs and checks that it
// keeps one snapshot per epoch, that the snapshots are the model's
// decoding of the same fixed draws (the last one equals the final model's
// decoding, to 1/255), that they change from epoch to epoch, and that
// loading the checkpoint gives them back unchanged.
func TestSnapshots(t *testing.T) {
	train, test, err := Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	r := Recipe{Name: "snap", Model: vae.Config{Kind: vae.VAE, Hidden: 32, Latent: 2}, Train: vae.TrainConfig{Epochs: 3, Batch: 64, Seed: 1}, Data: "mnist-small", Seed: 1}
	dir := t.TempDir()
	got, err := TrainOrLoad(dir, r, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Snapshots) != 3 {
		t.Fatalf("%d snapshots after 3 epochs", len(got.Snapshots))
	}
	for i, s := range got.Snapshots {
		if s.Epoch != i+1 || s.Images.Rows != SnapshotDraws || s.Images.Cols != 784 {
			t.Errorf("snapshot %d: epoch %d, %v", i, s.Epoch, s.Images)
		}
	}
	z := got.Model.SamplePrior(SnapshotDraws, rand.New(rand.NewPCG(SnapshotSeed, SnapshotSeed)))
	want := got.Model.Decode(z)
	last := got.Snapshots[2].Images
	for i, v := range want.Data {
		if math.Abs(float64(v-last.Data[i])) > 0.5/255+1e-6 {
			t.Fatalf("last snapshot pixel %d is %v, the model decodes %v", i, last.Data[i], v)
		}
	}
	if d := maxDiff(got.Snapshots[0].Images, last); d < 0.05 {
		t.Errorf("epochs 1 and 3 draw nearly the same images (max difference %v)", d)
	}
	loaded, err := TrainOrLoad(dir, r, train, test, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Cached || len(loaded.Snapshots) != 3 || maxDiff(loaded.Snapshots[2].Images, last) != 0 {
		t.Errorf("loaded: cached %v, %d snapshots", loaded.Cached, len(loaded.Snapshots))
	}
}

func maxDiff(a, b vae.Mat) float64 {
	var d float64
	for i := range a.Data {
		d = max(d, math.Abs(float64(a.Data[i]-b.Data[i])))
	}
	return d
}

// TestBernoulli checks that draws are 0 or 1, that probabilities 0 and 1
// give 0 and 1, and that the mean of many draws of a pixel is close to its
// probability (within 4 standard errors).
func TestBernoulli(t *testing.T) {
	probs := vae.MatFrom(1, 4, []float32{0, 1, 0.3, 0.9})
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	var sum [4]float64
	for range n {
		x := Bernoulli(probs, rng)
		for j, v := range x.Data {
			if v != 0 && v != 1 {
				t.Fatalf("pixel %d drawn as %v", j, v)
			}
			sum[j] += float64(v)
		}
	}
	for j, p := range probs.Data {
		mean, se := sum[j]/n, math.Sqrt(float64(p)*(1-float64(p))/n)
		if math.Abs(mean-float64(p)) > 4*se+1e-12 {
			t.Errorf("pixel %d of probability %v: mean of draws %v", j, p, mean)
		}
	}
}
