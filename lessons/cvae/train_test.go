package cvae

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// small is a CVAE trained on the 1,000-digit MNIST subset, shared by the
// tests that measure what training achieved.
var small struct {
	once        sync.Once
	m           *Model
	hist        []vae.Epoch
	train, test *vae.Dataset
	err         error
}

// smallConfig and smallTrain train in a few seconds on 1,000 digits: a
// narrower model and a larger step than the notebook's, with enough passes
// (8 steps each) for the label to matter clearly.
var (
	smallConfig = Config{Hidden: 200, Latent: 10}
	smallTrain  = vae.TrainConfig{Epochs: 20, LR: 3e-3, Seed: 1}
)

func trained(t *testing.T) (*Model, []vae.Epoch, *vae.Dataset) {
	t.Helper()
	small.once.Do(func() {
		small.train, small.test, small.err = course.Data("mnist-small")
		if small.err != nil {
			return
		}
		small.m, small.err = New(smallConfig, 1)
		if small.err != nil {
			return
		}
		small.hist, small.err = Train(small.m, small.train, small.test, smallTrain)
	})
	if small.err != nil {
		t.Fatal(small.err)
	}
	return small.m, small.hist, small.test
}

func TestTrainingLowersTheTestLoss(t *testing.T) {
	_, hist, _ := trained(t)
	first, last := hist[0].Test.Total, hist[len(hist)-1].Test.Total
	t.Logf("test loss per digit: epoch 1 %.1f, epoch %d %.1f", first, len(hist), last)
	if !(last < first-20) {
		t.Errorf("test loss went from %.1f to %.1f, want a drop of more than 20 nats", first, last)
	}
}

// TestTheLabelMatters measures what the label buys: the same digits score
// worse when every label is shifted to a wrong class, and the CVAE as a
// classifier beats chance (10%) by far.
func TestTheLabelMatters(t *testing.T) {
	m, _, test := trained(t)
	right := Evaluate(m, test, 0, rand.New(rand.NewPCG(3, 3))).PerSample()
	for _, shift := range []int{1, 5, -3} {
		wrong := Evaluate(m, test, shift, rand.New(rand.NewPCG(3, 3))).PerSample()
		t.Logf("labels shifted by %d: loss %.1f per digit, true labels %.1f", shift, wrong.Total, right.Total)
		if !(wrong.Total > right.Total+5) {
			t.Errorf("labels shifted by %d: loss %.1f, not clearly above the true labels' %.1f", shift, wrong.Total, right.Total)
		}
	}
	x := test.Images(0, test.N)
	acc := Accuracy(m.Classify(x), test.Labels)
	t.Logf("ELBO classifier accuracy on %d test digits: %.3f", test.N, acc)
	if acc < 0.6 {
		t.Errorf("accuracy %.3f, want at least 0.6 (chance is 0.1)", acc)
	}
}

// TestSameCodeDifferentLabelsDifferentDigits checks that the decoder uses
// the label: one code decoded as each of the ten digits gives ten images
// further apart than the same label under two nearby codes.
func TestSameCodeDifferentLabelsDifferentDigits(t *testing.T) {
	m, _, _ := trained(t)
	z := m.SamplePrior(1, rand.New(rand.NewPCG(9, 9)))
	imgs := m.EveryLabel(z)
	if imgs.Rows != 10 {
		t.Fatalf("EveryLabel gave %d images, want 10", imgs.Rows)
	}
	near := z.Clone()
	for i := range near.Data {
		near.Data[i] += 0.05
	}
	same := m.Generate(near, []int{3})
	dLabel := sqDist(imgs.Row(3), imgs.Row(8))
	dCode := sqDist(imgs.Row(3), same.Row(0))
	t.Logf("squared pixel distance: 3 vs 8 from one code %.2f; 3 vs 3 from nearby codes %.2f", dLabel, dCode)
	if !(dLabel > 5*dCode) {
		t.Errorf("changing the label moved the image by %.2f, a small change of code by %.2f: the label is not being used", dLabel, dCode)
	}
}

func sqDist(a, b []float32) float64 {
	var s float64
	for i := range a {
		d := float64(a[i] - b[i])
		s += d * d
	}
	return s
}

func TestTrainRejectsWhatItCannotUse(t *testing.T) {
	train, _, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	unlabelled := *train.Head(10)
	unlabelled.Labels = nil
	tooFew := *train.Head(10)
	m, err := New(Config{Classes: 5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, tc := range []struct {
		name string
		d    *vae.Dataset
		tc   vae.TrainConfig
	}{
		{"no labels", &unlabelled, vae.TrainConfig{Epochs: 1}},
		{"a label beyond the classes", &tooFew, vae.TrainConfig{Epochs: 1}},
		{"binarize", train.Head(10), vae.TrainConfig{Epochs: 1, Binarize: true}},
		{"sgd", train.Head(10), vae.TrainConfig{Epochs: 1, Optimizer: "sgd"}},
		{"negative epochs", train.Head(10), vae.TrainConfig{Epochs: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Train(m, tc.d, nil, tc.tc); err == nil {
				t.Error("no error")
			} else {
				t.Log(err)
			}
		})
	}
}
