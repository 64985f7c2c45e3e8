package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// epochLine is one epoch as both trainers print it: cmd/vaetrain writes
// all six fields, the PyTorch script all but test_recon and test_kl.
type epochLine struct {
	Epoch  int      `json:"epoch"`
	Train  float64  `json:"train"`
	Test   float64  `json:"test"`
	Recon  *float64 `json:"test_recon,omitempty"`
	KL     *float64 `json:"test_kl,omitempty"`
	EpochS float64  `json:"epoch_s"`
}

// output is a trainer's stdout, parsed: the epochs, each line exactly as
// printed (for the raw JSON file), and the PyTorch script's closing
// "SUMMARY {...}" object, if any.
type output struct {
	Epochs  []epochLine
	Raw     []json.RawMessage
	Summary json.RawMessage
}

// summaryPrefix starts the PyTorch script's last line.
const summaryPrefix = "SUMMARY "

// parseOutput reads a trainer's stdout. Every non-blank line must be an
// epoch object or the summary; epochs must count up from 1 with a positive
// time and finite losses. A line of any other shape is an error, so a
// change in either trainer's output is caught here, not in the table.
func parseOutput(out []byte) (output, error) {
	var o output
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "":
			continue
		case strings.HasPrefix(text, summaryPrefix):
			s := strings.TrimPrefix(text, summaryPrefix)
			if !json.Valid([]byte(s)) {
				return o, fmt.Errorf("line %d: summary is not JSON: %q", n, text)
			}
			o.Summary = json.RawMessage(s)
			continue
		}
		var e epochLine
		if err := json.Unmarshal([]byte(text), &e); err != nil {
			return o, fmt.Errorf("line %d: want an epoch as JSON or a SUMMARY line, got %q: %w", n, text, err)
		}
		if want := len(o.Epochs) + 1; e.Epoch != want {
			return o, fmt.Errorf("line %d: epoch %d, want %d (is the \"epoch\" field missing?): %q", n, e.Epoch, want, text)
		}
		if !(e.EpochS > 0) || math.IsInf(e.EpochS, 0) {
			return o, fmt.Errorf("line %d: epoch_s %v is not a positive time (is the field missing?): %q", n, e.EpochS, text)
		}
		if !finite(e.Train) || !finite(e.Test) {
			return o, fmt.Errorf("line %d: train %v or test %v loss is not a finite number: %q", n, e.Train, e.Test, text)
		}
		o.Epochs = append(o.Epochs, e)
		o.Raw = append(o.Raw, json.RawMessage(text))
	}
	if err := sc.Err(); err != nil {
		return o, fmt.Errorf("reading trainer output: %w", err)
	}
	return o, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
