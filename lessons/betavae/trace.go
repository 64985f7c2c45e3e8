package betavae

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Trace is the per-step record of a training run (notebook 05 §4): the
// β used at each step and the batch's reconstruction and KL per example.
// A per-epoch record has two or three points in a short run; warm-up
// happens within epochs, so it needs every step.
type Trace struct {
	Beta  []float64 `json:"beta"`
	Recon []float64 `json:"recon"`
	KL    []float64 `json:"kl"`
}

// Steps returns 1, 2, …, n for the x axis of the trace's curves.
func (tr *Trace) Steps() []float64 {
	x := make([]float64, len(tr.Beta))
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

// tracePath is where the trace of the checkpoint at ckpt is kept: beside
// it, with the same name.
func tracePath(ckpt string) string { return strings.TrimSuffix(ckpt, ".ckpt") + ".steps.json" }

// TrainTraced is course.TrainOrLoad that also keeps the per-step Trace
// of the run in dir, beside the checkpoint. The two belong together: a
// checkpoint found without its trace is trained again, to record one.
// live may be nil. A damaged trace is handled as course handles a damaged
// checkpoint: the model is trained again, to record a new one, and
// Trained.Replaced says why. A warm-up may outlast training: vae.Train restores
// the model's own β when it returns, so the checkpoint keeps the
// recipe's β, which course checks when it loads the model again.
func TrainTraced(dir string, r course.Recipe, train, test *vae.Dataset, live *course.Live) (*course.Trained, *Trace, error) {
	ckpt := r.CheckpointPath(dir)
	tp := tracePath(ckpt)
	var saved *Trace // the trace on file
	rec := &Trace{}  // the one recorded now
	damaged := ""
	b, err := os.ReadFile(tp)
	if err == nil {
		if saved, err = readTrace(b); err != nil {
			damaged = fmt.Sprintf("betavae: the trace %s beside the cached model was damaged (%v); training again to record it", tp, err)
		}
	}
	switch {
	case damaged != "" || errors.Is(err, fs.ErrNotExist):
		// The checkpoint goes too, so that the model trains and the run
		// records a trace.
		if err := os.Remove(ckpt); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("betavae: checkpoint without a usable trace: %w", err)
		}
	case err != nil:
		return nil, nil, fmt.Errorf("betavae: %w", err)
	}
	step := 0
	onStep := func(s vae.Step) {
		rec.Beta = append(rec.Beta, Beta(r, step))
		rec.Recon = append(rec.Recon, s.Loss.Recon)
		rec.KL = append(rec.KL, s.Loss.KL)
		step++
		if live != nil {
			live.Step(s)
		}
	}
	var onEpoch func(vae.Epoch)
	if live != nil {
		onEpoch = live.Epoch
	}
	t, err := course.TrainOrLoad(dir, r, train, test, onStep, onEpoch)
	if err != nil {
		return nil, nil, err
	}
	if damaged != "" && t.Replaced == "" {
		t.Replaced = damaged
	}
	if t.Cached {
		return t, saved, nil
	}
	b, _ = json.Marshal(rec) // a Trace of finite floats always encodes
	if err := os.WriteFile(tp, b, 0o644); err != nil {
		return nil, nil, fmt.Errorf("betavae: saving the trace: %w", err)
	}
	return t, rec, nil
}

// readTrace parses a saved Trace: JSON (which holds only finite numbers)
// whose three curves have one value per step each.
func readTrace(b []byte) (*Trace, error) {
	var tr Trace
	if err := json.Unmarshal(b, &tr); err != nil {
		return nil, err
	}
	if len(tr.Recon) != len(tr.Beta) || len(tr.KL) != len(tr.Beta) {
		return nil, fmt.Errorf("its curves differ in length: %d β, %d reconstruction, %d KL", len(tr.Beta), len(tr.Recon), len(tr.KL))
	}
	return &tr, nil
}

// GetTraced is course.Get with the per-step Trace (TrainTraced): the
// model of r from its checkpoint in course.ModelDir, or trained now with
// live progress in the notebook. It prints the same line as course.Get.
func GetTraced(r course.Recipe) (*course.Trained, *Trace, error) {
	train, test, err := course.Data(r.Data)
	if err != nil {
		return nil, nil, err
	}
	dir, err := course.ModelDir()
	if err != nil {
		return nil, nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &course.Live{Title: "training " + r.Name, Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	t, tr, err := TrainTraced(dir, r, train, test, live)
	if err != nil {
		return nil, nil, err
	}
	fmt.Println(course.Summary(r, t))
	return t, tr, nil
}

// Smooth returns the trailing moving average of y over k values (fewer
// at the start): per-step batch losses are noisy, and the average shows
// their trend.
func Smooth(y []float64, k int) []float64 {
	out := make([]float64, len(y))
	var sum float64
	for i, v := range y {
		sum += v
		if i >= k {
			sum -= y[i-k]
		}
		out[i] = sum / float64(min(i+1, k))
	}
	return out
}

// Landmarks is one line naming what the curves of a trace, smoothed over
// k steps, show: the first step's reconstruction, the KL's peak, the first
// stretch of steps where the KL, having risen to 1 nat, falls below it
// again, and where the run ends. Notebook 05 prints it under its chart, so
// that its text can point at figures the run printed rather than at ones
// read off a picture.
func (tr *Trace) Landmarks(name string, k int) string {
	if len(tr.KL) == 0 {
		return name + ": no steps recorded"
	}
	kl, rec := Smooth(tr.KL, k), Smooth(tr.Recon, k)
	peak := 0
	for i, v := range kl {
		if v > kl[peak] {
			peak = i
		}
	}
	line := fmt.Sprintf("%s: reconstruction %.0f nats at step 1; KL peaks at %.1f nats (step %d)", name, tr.Recon[0], kl[peak], peak+1)
	risen, from := false, -1
	for i, v := range kl {
		switch {
		case v >= 1 && !risen:
			risen = true
		case v < 1 && risen && from < 0:
			from = i
		case v >= 1 && from >= 0:
			line += fmt.Sprintf(", falls back below 1 nat from step %d to step %d", from+1, i)
			from = -2
		}
		if from == -2 {
			break
		}
	}
	if from >= 0 {
		line += fmt.Sprintf(", falls back below 1 nat from step %d to the end", from+1)
	}
	n := len(kl) - 1
	return line + fmt.Sprintf("; at the last step, reconstruction %.1f and KL %.2f nats", rec[n], kl[n])
}
