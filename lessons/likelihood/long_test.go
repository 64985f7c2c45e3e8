package likelihood

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// TestLongTrained measures, once, the figure notebook 07 §4 quotes: the
// negative log-likelihood of the notebook's VAE trained for many epochs,
// by the protocol of pythae's reproduction (200 importance samples), and
// by 5000 samples on the first 200 digits. It trains for minutes, so it runs only
// when asked:
//
//	LIKELIHOOD_LONG_EPOCHS=30 go test -run LongTrained -v -timeout 60m ./lessons/likelihood
//
// The model is kept in .models like a notebook's, so a second run only
// evaluates. It writes what it measured to testdata/longrun.json, which
// notebook 07 prints (RecordedLongRun).
func TestLongTrained(t *testing.T) {
	epochs, _ := strconv.Atoi(os.Getenv("LIKELIHOOD_LONG_EPOCHS"))
	if epochs <= 0 {
		t.Skip("set LIKELIHOOD_LONG_EPOCHS to train the long model (minutes)")
	}
	train, test, err := course.Data("mnist")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := course.ModelDir()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := Recipe("mnist", epochs, 400, 20, vae.Bernoulli)
	tr, err := course.TrainOrLoad(dir, r, train, test, nil, func(e vae.Epoch) {
		t.Logf("epoch %d: train %.2f (binarized), %.1fs", e.Epoch, e.Train.Total, e.Seconds)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model %v after %d epochs (cached %v), %.0fs", tr.Model, epochs, tr.Cached, time.Since(start).Seconds())
	rec := LongRun{
		Command: "LIKELIHOOD_LONG_EPOCHS=" + strconv.Itoa(epochs) + " go test -run LongTrained -v -timeout 60m ./lessons/likelihood",
		Epochs:  epochs, Model: tr.Model.String(), CPU: cpuName(),
	}
	bin := Binarize(test, 1)
	nll := ModelNLL(tr.Model)
	// Pythae's protocol on the whole test set, then on fewer digits how
	// much further 5000 samples go than 200 (paired, so the rise is sharp).
	for _, run := range []struct {
		digits int
		ks     []int
	}{{test.N, []int{1, 200}}, {200, []int{1, 200, 5000}}} {
		start := time.Now()
		k := run.ks[len(run.ks)-1]
		w := LogWeights(tr.Model, bin.Images(0, run.digits), k, nll, rand.New(rand.NewPCG(7, 7)))
		for _, e := range Table(w, run.ks) {
			t.Logf("%5d binarized test digits, k = %4d: NLL %.2f ± %.2f nats (rise over the ELBO %.2f ± %.2f)",
				run.digits, e.K, -e.Mean, e.StdError, e.Gain, e.GainStdError)
			rec.Rows = append(rec.Rows, LongRunLine{Digits: run.digits, K: e.K, NLL: -e.Mean, StdError: e.StdError, Gain: e.Gain, GainSE: e.GainStdError})
			if e.K > 1 && (!(e.Gain > 0) || -e.Mean < 50 || -e.Mean > 200) {
				t.Errorf("k = %d: NLL %.2f with a rise of %.2f over the ELBO; want a positive rise and an NLL in the range MNIST VAEs reach", e.K, -e.Mean, e.Gain)
			}
		}
		t.Logf("(%.0fs)", time.Since(start).Seconds())
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/longrun.json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cpuName is the processor's model name from /proc/cpuinfo, or the
// architecture where there is none.
func cpuName() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v) + ", " + strconv.Itoa(runtime.NumCPU()) + " cores"
			}
		}
	}
	return runtime.GOARCH
}

// TestRecordedLongRun checks the record notebook 07 prints: it parses, and
// its bounds are ordered as bounds must be.
func TestRecordedLongRun(t *testing.T) {
	r, err := RecordedLongRun()
	if err != nil {
		t.Fatal(err)
	}
	if r.Epochs <= 0 || r.Command == "" || len(r.Rows) == 0 {
		t.Fatalf("incomplete record: %+v", r)
	}
	for _, l := range r.Rows {
		if l.K > 1 && !(l.Gain > 0) || l.K == 1 && l.Gain != 0 || !(l.NLL > 50 && l.NLL < 200) {
			t.Errorf("k = %d on %d digits: −L_k %.2f, %.2f below the ELBO: not a bound that rises with k", l.K, l.Digits, l.NLL, l.Gain)
		}
	}
	t.Log("\n" + r.String())
}
