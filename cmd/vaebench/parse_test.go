package main

import (
	"strings"
	"testing"
)

func TestParseOutput(t *testing.T) {
	goOut := `{"epoch":1,"train":166.19,"test":128.12,"test_recon":107.83,"test_kl":20.29,"epoch_s":4.633}
{"epoch":2,"train":121.5,"test":115.25,"test_recon":93.1,"test_kl":22.15,"epoch_s":4.5}
`
	torchOut := `{"epoch": 1, "train": 164.29, "test": 126.92, "epoch_s": 5.538}

{"epoch": 2, "train": 120.1, "test": 114.0, "epoch_s": 5.2}
SUMMARY {"device": "cpu", "threads": 1, "median_epoch_s": 5.369, "peak_rss_mb": 471.3}
`
	for _, tc := range []struct {
		name     string
		out      string
		epochs   []float64 // epoch_s of each epoch
		lastTest float64
		recon    bool // test_recon present
		summary  bool
		wantErr  string
	}{
		{name: "vaetrain", out: goOut, epochs: []float64{4.633, 4.5}, lastTest: 115.25, recon: true},
		{name: "pytorch with summary", out: torchOut, epochs: []float64{5.538, 5.2}, lastTest: 114.0, summary: true},
		{name: "empty", out: "", epochs: nil},
		{name: "a stray line", out: "training VAE\n" + goOut, wantErr: "line 1: want an epoch"},
		{name: "epoch missing", out: `{"train":1,"test":1,"epoch_s":1}`, wantErr: "epoch 0, want 1"},
		{name: "epoch skipped", out: `{"epoch":1,"train":1,"test":1,"epoch_s":1}` + "\n" + `{"epoch":3,"train":1,"test":1,"epoch_s":1}`, wantErr: "line 2: epoch 3, want 2"},
		{name: "no time", out: `{"epoch":1,"train":1,"test":1}`, wantErr: "epoch_s 0"},
		{name: "python NaN", out: `{"epoch": 1, "train": NaN, "test": 1, "epoch_s": 1}`, wantErr: "want an epoch"},
		{name: "bad summary", out: "SUMMARY {oops", wantErr: "summary is not JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseOutput([]byte(tc.out))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Epochs) != len(tc.epochs) || len(o.Raw) != len(tc.epochs) {
				t.Fatalf("%d epochs, %d raw lines, want %d", len(o.Epochs), len(o.Raw), len(tc.epochs))
			}
			for i, e := range o.Epochs {
				if e.EpochS != tc.epochs[i] || e.Epoch != i+1 {
					t.Errorf("epoch %d: %+v, want epoch %d with epoch_s %g", i, e, i+1, tc.epochs[i])
				}
			}
			if len(o.Epochs) > 0 {
				last := o.Epochs[len(o.Epochs)-1]
				if last.Test != tc.lastTest || (last.Recon != nil) != tc.recon {
					t.Errorf("last epoch %+v: want test %g, test_recon present %v", last, tc.lastTest, tc.recon)
				}
				if !strings.Contains(string(o.Raw[0]), `"epoch_s"`) {
					t.Errorf("raw line %s is not the printed line", o.Raw[0])
				}
			}
			if (o.Summary != nil) != tc.summary {
				t.Errorf("summary %s, want present %v", o.Summary, tc.summary)
			}
		})
	}
}
