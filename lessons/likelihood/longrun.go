package likelihood

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// LongRun is the record of one run of TestLongTrained: notebook 07's VAE
// trained for many epochs outside the notebook and scored by importance
// sampling. The notebook prints it, so that its text quotes figures a
// cell printed rather than ones copied into the prose.
type LongRun struct {
	Command string        `json:"command"` // how to measure it again
	Epochs  int           `json:"epochs"`
	Model   string        `json:"model"`
	CPU     string        `json:"cpu"`
	Rows    []LongRunLine `json:"rows"`
}

// LongRunLine is one bound of a LongRun: −L_k over the first Digits
// binarized test digits, and how far it lies below the ELBO's −L_1.
type LongRunLine struct {
	Digits   int     `json:"digits"`
	K        int     `json:"k"`
	NLL      float64 `json:"nll"`
	StdError float64 `json:"std_error"`
	Gain     float64 `json:"gain"` // L_k − L_1 on the same digits
	GainSE   float64 `json:"gain_std_error"`
}

//go:embed testdata/longrun.json
var longRunJSON []byte

// RecordedLongRun returns the LongRun recorded in testdata/longrun.json.
func RecordedLongRun() (LongRun, error) {
	var r LongRun
	if err := json.Unmarshal(longRunJSON, &r); err != nil {
		return r, fmt.Errorf("likelihood: testdata/longrun.json: %w (run TestLongTrained again to rewrite it)", err)
	}
	return r, nil
}

// String is the record as notebook 07 prints it.
func (r LongRun) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %d epochs (on %s), measured by\n    %s\n", r.Model, r.Epochs, r.CPU, r.Command)
	for _, l := range r.Rows {
		fmt.Fprintf(&b, "  %5d binarized test digits, k = %4d: −L_k = %.2f ± %.2f nats (%.2f ± %.2f below the ELBO's)\n",
			l.Digits, l.K, l.NLL, l.StdError, l.Gain, l.GainSE)
	}
	return b.String()
}
