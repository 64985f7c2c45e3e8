package anomaly

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/aevsvae"
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

func TestRecipes(t *testing.T) {
	plain, den := Recipes("mnist-small", 2, "mask:0.5", 3)
	if len(plain.Exclude) != 1 || plain.Exclude[0] != 3 || len(den.Exclude) != 1 || den.Exclude[0] != 3 {
		t.Errorf("exclude %v and %v, want [3] for both", plain.Exclude, den.Exclude)
	}
	if plain.Corrupt != "" || den.Corrupt != "mask:0.5" || plain.Model != den.Model || plain.Train.Epochs != 2 {
		t.Errorf("plain %+v\ndenoise %+v\nwant the same model, the corruption on the denoiser only", plain, den)
	}
	if plain.Name == den.Name {
		t.Error("the two recipes share a name")
	}
}

func TestCorruptAndPixelError(t *testing.T) {
	x := vae.NewMat(20, 100)
	for i := range x.Data {
		x.Data[i] = 1
	}
	noisy, err := Corrupt(x, "mask:0.25", rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// Masking sets a quarter of the 1s to 0: each costs (1−0)² = 1.
	if e := aevsvae.PixelError(noisy, x); math.Abs(e-0.25) > 0.03 {
		t.Errorf("pixel error of a 25%% mask on ones = %v, want about 0.25", e)
	}
	if e := aevsvae.PixelError(x, x); e != 0 {
		t.Errorf("pixel error of x with itself = %v", e)
	}
	if _, err := Corrupt(x, "blur:0.1", nil); err == nil || !strings.Contains(err.Error(), "unknown kind") {
		t.Errorf("unknown corruption: error %v", err)
	}
}

func TestOODInputs(t *testing.T) {
	d := &vae.Dataset{Name: "d", N: 4, Dim: 4, Rows: 2, Cols: 2,
		Pixels: []uint8{255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255}, Labels: []uint8{7, 1, 7, 2}}
	if c := Class(d, 7); c.Rows != 2 || c.At(0, 0) != 1 || c.At(1, 2) != 1 {
		t.Errorf("Class 7 = %v", c.Data)
	}
	if o := Others(d, 7); o.Rows != 2 || o.At(0, 1) != 1 || o.At(1, 3) != 1 {
		t.Errorf("Others than 7 = %v", o.Data)
	}
	r := rand.New(rand.NewPCG(3, 3))
	n := Noise(50, 784, r)
	var mean float64
	for _, v := range n.Data {
		if v < 0 || v > 1 {
			t.Fatalf("noise pixel %v outside [0, 1]", v)
		}
		mean += float64(v) / float64(len(n.Data))
	}
	if math.Abs(mean-0.5) > 0.01 {
		t.Errorf("uniform noise has mean %v, want 0.5", mean)
	}
	x := vae.MatFrom(2, 6, []float32{1, 2, 3, 4, 5, 6, 0, 0, 0, 9, 9, 9})
	s := Shuffled(x, r)
	for i := range 2 {
		var a, b float32
		for j := range 6 {
			a, b = a+x.At(i, j), b+s.At(i, j)
		}
		if a != b {
			t.Errorf("row %d: shuffling changed the ink from %v to %v", i, a, b)
		}
	}
	if x.At(0, 0) != 1 {
		t.Error("Shuffled changed its input")
	}
}

// TestScoresOnSmallModel trains a small VAE briefly and checks that
// Scores is the summed ELBO of Model.Forward, row by row, and that the
// score ranks noise far above digits.
func TestScoresOnSmallModel(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: 64, Latent: 8, Beta: 0.5, Threads: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vae.Train(m, train, nil, vae.TrainConfig{Epochs: 3, Batch: 50, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	x := test.Images(0, test.N) // 500 rows: one batch of Scores
	x2 := vae.NewMat(700, x.Cols)
	copy(x2.Data, x.Data)
	copy(x2.Data[len(x.Data):], x.Data) // 700 rows: two batches
	s := Scores(m, x2, 1, rand.New(rand.NewPCG(5, 5)))
	l := m.Forward(x2, rand.New(rand.NewPCG(5, 5))) // the same draws in one batch
	var sum float64
	for _, v := range s {
		sum += v
	}
	if want := l.Recon + l.KL; math.Abs(sum-want) > 1e-6*math.Abs(want) {
		t.Errorf("Σ scores = %v, Forward's recon + KL (β = 1, not the model's 0.5) = %v", sum, want)
	}
	digits := Scores(m, x, 4, rand.New(rand.NewPCG(6, 6)))
	noise := Scores(m, Noise(200, x.Cols, rand.New(rand.NewPCG(7, 7))), 4, rand.New(rand.NewPCG(8, 8)))
	if a := AUC(digits, noise); a < 0.99 {
		t.Errorf("AUC of uniform noise against digits = %v, want about 1", a)
	}
}
