package vqvae

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// Use is the codebook's use over one window of RestartEvery training
// steps: how many codes were chosen at least once, and how many dead codes
// were then restarted.
type Use struct {
	Step      int `json:"step"`      // training steps so far, at the window's end
	Used      int `json:"used"`      // codes chosen at least once in the window
	Restarted int `json:"restarted"` // dead codes moved onto encoder outputs (Config.Restart)
}

// usage counts the codes chosen in training.
type usage struct {
	window []int // (K) times each code was chosen in the current window
	steps  int
	trace  []Use
	rng    *rand.Rand // picks the vectors dead codes restart at
}

func newUsage(codes int, rng *rand.Rand) usage {
	return usage{window: make([]int, codes), rng: rng}
}

// AfterStep is called by course.Fit after each optimizer step. It counts
// the codes the step's batch chose, and every RestartEvery steps records
// how many codes were used (Usage) and, with Config.Restart, moves every
// code no vector chose onto an encoder output of the last batch picked at
// random, so that vectors nearby will choose it and its gradient will
// flow again. (The restarted code's Adam moments are kept: they fade
// within a few hundred steps.)
func (m *Model) AfterStep() {
	u, a := &m.usage, &m.acts
	for _, c := range a.codes {
		u.window[c]++
	}
	u.steps++
	if u.steps%RestartEvery != 0 {
		return
	}
	use := Use{Step: u.steps}
	d := m.Config.Dim
	for c, n := range u.window {
		switch {
		case n > 0:
			use.Used++
		case m.Config.Restart:
			v := u.rng.IntN(len(a.codes))
			copy(m.Codebook.Row(c), a.ze.Data[v*d:(v+1)*d])
			use.Restarted++
		}
	}
	u.trace = append(u.trace, use)
	clear(u.window)
}

// Usage returns the codebook's use over training, one Use per window of
// RestartEvery steps.
func (m *Model) Usage() []Use { return m.usage.trace }

// Record implements course.Recorder: the codebook's use over training,
// kept in the checkpoint beside the parameters.
func (m *Model) Record() any { return m.usage.trace }

// Restore implements course.Recorder.
func (m *Model) Restore(raw json.RawMessage) error {
	var trace []Use
	if err := json.Unmarshal(raw, &trace); err != nil {
		return fmt.Errorf("vqvae: the codebook's use in the checkpoint: %w", err)
	}
	m.usage.trace = trace
	return nil
}
