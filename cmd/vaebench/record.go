package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// runRecord is one trainer process: a config in one round, with each
// epoch exactly as the trainer printed it.
type runRecord struct {
	Config    string            `json:"config"`
	Round     int               `json:"round"` // 1-based
	Command   []string          `json:"command"`
	Env       string            `json:"env"` // how its environment differed from the benchmark's
	Epochs    []json.RawMessage `json:"epochs"`
	Summary   json.RawMessage   `json:"summary,omitempty"` // the PyTorch script's SUMMARY object
	MaxRSSKiB int64             `json:"max_rss_kib"`
	WallS     float64           `json:"wall_s"` // process start to exit, data loading and evaluation included
	Error     string            `json:"error,omitempty"`

	parsed []epochLine
}

// report is the raw JSON file: the setting, then every run in the order
// they ran.
type report struct {
	Model         string      `json:"model"`
	Batch         int         `json:"batch"`
	TrainDigits   int         `json:"train_digits"`
	FlopsPerEpoch int64       `json:"flops_per_epoch"`
	Epochs        int         `json:"epochs"`
	Rounds        int         `json:"rounds"`
	Seed          uint64      `json:"seed"`
	CPU           string      `json:"cpu"`
	GoKernels     []string    `json:"go_kernels"`
	LoadBefore    string      `json:"load_before"`
	LoadAfter     string      `json:"load_after"`
	Notes         []string    `json:"notes"`
	Runs          []runRecord `json:"runs"`
}

func writeReport(path string, r report) error {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return fmt.Errorf("encoding the raw results: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the raw results (choose another file with -json): %w", err)
	}
	return nil
}
