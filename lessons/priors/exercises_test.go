package priors

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
	"github.com/vaelab/govae/lessons/likelihood"
)

func logNormal(halfLogVar float64, prec func(lv float64) float64) func(z, mean, logVar []float64) float64 {
	return func(z, mean, logVar []float64) float64 {
		s := 0.0
		for j := range z {
			d := z[j] - mean[j]
			s -= 0.5*math.Log(2*math.Pi) + halfLogVar*logVar[j] + 0.5*d*d*prec(logVar[j])
		}
		return s
	}
}

func TestLogNormalCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(z, mean, logVar []float64) float64
		want exercise.Status
	}{
		{"right", logNormal(0.5, func(lv float64) float64 { return math.Exp(-lv) }), exercise.Pass},
		{"stub", func(z, mean, logVar []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: multiplied by the variance, not divided.
		{"times the variance", logNormal(0.5, math.Exp), exercise.Wrong},
		{"log σ² not halved", logNormal(1, func(lv float64) float64 { return math.Exp(-lv) }), exercise.Wrong},
		{"the density, not its log", func(z, mean, logVar []float64) float64 {
			return math.Exp(logNormal(0.5, func(lv float64) float64 { return math.Exp(-lv) })(z, mean, logVar))
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogNormalCheck(tc.f), tc.want) })
	}
}

// terms returns log π_k + log N_k for the mixture's components.
func terms(z []float64, means, logVars [][]float64, logits []float64) []float64 {
	norm := likelihood.LogSumExp(logits)
	out := make([]float64, len(means))
	for k := range means {
		out[k] = logits[k] - norm + LogNormal(z, means[k], logVars[k])
	}
	return out
}

func TestLogMixtureCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(z []float64, means, logVars [][]float64, logits []float64) float64
		want exercise.Status
	}{
		{"right", func(z []float64, means, logVars [][]float64, logits []float64) float64 {
			return likelihood.LogSumExp(terms(z, means, logVars, logits))
		}, exercise.Pass},
		{"stub", func(z []float64, means, logVars [][]float64, logits []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the logits used as log-weights, unnormalized.
		{"logits as log π", func(z []float64, means, logVars [][]float64, logits []float64) float64 {
			return likelihood.LogSumExp(terms(z, means, logVars, logits)) + likelihood.LogSumExp(logits)
		}, exercise.Wrong},
		{"sum of exponentials, not log-sum-exp", func(z []float64, means, logVars [][]float64, logits []float64) float64 {
			s := 0.0
			for _, v := range terms(z, means, logVars, logits) {
				s += math.Exp(v)
			}
			return math.Log(s)
		}, exercise.Wrong},
		{"the best component only", func(z []float64, means, logVars [][]float64, logits []float64) float64 {
			best := math.Inf(-1)
			for _, v := range terms(z, means, logVars, logits) {
				best = max(best, v)
			}
			return best
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogMixtureCheck(tc.f), tc.want) })
	}
}

func TestResponsibilitiesCheck(t *testing.T) {
	resp := func(shift func(ts []float64) float64) func(z []float64, means, logVars [][]float64, logits []float64) []float64 {
		return func(z []float64, means, logVars [][]float64, logits []float64) []float64 {
			ts := terms(z, means, logVars, logits)
			lp := shift(ts)
			out := make([]float64, len(ts))
			for k, v := range ts {
				out[k] = math.Exp(v - lp)
			}
			return out
		}
	}
	for _, tc := range []struct {
		name string
		f    func(z []float64, means, logVars [][]float64, logits []float64) []float64
		want exercise.Status
	}{
		{"right", resp(likelihood.LogSumExp), exercise.Pass},
		{"stub", func(z []float64, means, logVars [][]float64, logits []float64) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: normalized by the best term, not the sum.
		{"divided by the largest term", resp(func(ts []float64) float64 {
			best := math.Inf(-1)
			for _, v := range ts {
				best = max(best, v)
			}
			return best
		}), exercise.Wrong},
		{"not normalized", resp(func([]float64) float64 { return 0 }), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ResponsibilitiesCheck(tc.f), tc.want) })
	}
}

// The notebook's wrong answers, as the wrong pass spoils its solutions.
func TestNotebooksWrongAnswers(t *testing.T) {
	mixture := func(sign float64) func(z []float64, means, logVars [][]float64, logits []float64) float64 {
		return func(z []float64, means, logVars [][]float64, logits []float64) float64 {
			norm := likelihood.LogSumExp(logits)
			ts := make([]float64, len(means))
			for k := range means {
				ts[k] = logits[k] + sign*norm + LogNormal(z, means[k], logVars[k])
			}
			return likelihood.LogSumExp(ts)
		}
	}
	exercisetest.Verdict(t, LogMixtureCheck(mixture(-1)), exercise.Pass)
	exercisetest.Verdict(t, LogMixtureCheck(mixture(+1)), exercise.Wrong)
	expFirst := func(z []float64, means, logVars [][]float64, logits []float64) []float64 {
		ts := terms(z, means, logVars, logits)
		lp := likelihood.LogSumExp(ts)
		out := make([]float64, len(ts))
		for k, v := range ts {
			out[k] = math.Exp(v) / math.Exp(lp)
		}
		return out
	}
	exercisetest.Verdict(t, ResponsibilitiesCheck(expFirst), exercise.Wrong)
}
