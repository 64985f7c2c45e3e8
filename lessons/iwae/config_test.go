package iwae

import (
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

func TestBadConfigs(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Input: -1}, "input -1 and latent 0 must be positive"},
		{Config{Latent: -3}, "input 0 and latent -3 must be positive"},
		{Config{Hidden: []int{400, 0}}, "hidden layer 2 has 0 units"},
		{Config{Hidden: []int{-5}}, "hidden layer 1 has -5 units"},
		{Config{Activation: "sigmoid"}, `activation "sigmoid": use relu or tanh`},
		{Config{Threads: -2}, "threads -2: use 0 for one per core"},
	} {
		m, err := New(c.cfg, 1)
		if err == nil {
			m.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%+v): error %v, want one saying %q", c.cfg, err, c.want)
		}
	}
}

func TestBadTrainConfigs(t *testing.T) {
	for _, c := range []struct {
		tc   TrainConfig
		want string
	}{
		{TrainConfig{K: -1}, "k = -1 samples per digit: use k ≥ 1"},
		{TrainConfig{Epochs: -2}, "-2 epochs"},
		{TrainConfig{Batch: -128}, "batch -128"},
		{TrainConfig{LR: -1e-3}, "learning rate -0.001"},
		{TrainConfig{Budget: -1}, "budget -1ns"},
	} {
		if err := c.tc.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one saying %q", c.tc, err, c.want)
		}
	}
}

// TestTrainRefusesBadData: data that does not fit, or a grey test set, is
// an error before any step.
func TestTrainRefusesBadData(t *testing.T) {
	train, test, err := course.Data("mnist-small")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Input: 100, Hidden: []int{8}, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	right, err := New(Config{Hidden: []int{8}, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer right.Close()
	for _, c := range []struct {
		m           *Model
		train, test *vae.Dataset
		want        string
	}{
		{m, train, nil, "has 784 pixels per digit but IWAE 100-8-2 relu takes 100"},
		{right, train, test, "has grey pixels"},
		{right, nil, nil, "no data set given"},
		{right, &vae.Dataset{Name: "empty"}, nil, `dataset "empty" is empty`},
		{right, train.Head(10), likelihood.Binarize(test.Head(10), 1), ""},
	} {
		steps := 0
		_, err := Train(c.m, c.train, c.test, TrainConfig{Epochs: 1, OnStep: func(vae.Step) { steps++ }})
		if c.want == "" {
			if err != nil || steps != 1 {
				t.Errorf("good data: %d steps, error %v", steps, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || steps > 0 {
			t.Errorf("%d steps, error %v; want none and one saying %q", steps, err, c.want)
		}
	}
}

func TestLayerShapesPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"RepeatForward rows":   func() { RepeatForward(vae.NewMat(5, 2), vae.NewMat(2, 2), 3) },
		"RepeatForward k = 0":  func() { RepeatForward(vae.NewMat(0, 2), vae.NewMat(2, 2), 0) },
		"LogPriorForward rows": func() { LogPriorForward(make([]float64, 3), vae.NewMat(2, 2)) },
		"BoundForward lengths": func() { BoundForward(make([]float64, 2), make([]float64, 5), make([]float64, 5), 3) },
		"Backward first": func() {
			m, _ := New(Config{Input: 4, Hidden: []int{3}, Latent: 2}, 1)
			defer m.Close()
			m.Backward()
		},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", name)
				} else if !strings.HasPrefix(r.(string), "iwae: ") {
					t.Errorf("%s: panic %q does not name the package", name, r)
				}
			}()
			f()
		}()
	}
}
