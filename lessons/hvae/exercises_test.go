package hvae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

func klGauss(prec func(lv2 float64) float64) func(mu1, lv1, mu2, lv2 []float64) float64 {
	return func(mu1, lv1, mu2, lv2 []float64) float64 {
		s := 0.0
		for j := range mu1 {
			d := mu1[j] - mu2[j]
			s += 0.5 * (lv2[j] - lv1[j] + (math.Exp(lv1[j])+d*d)*prec(lv2[j]) - 1)
		}
		return s
	}
}

func TestKLGaussiansCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(mu1, lv1, mu2, lv2 []float64) float64
		want exercise.Status
	}{
		{"right", klGauss(func(lv2 float64) float64 { return math.Exp(-lv2) }), exercise.Pass},
		{"stub", func(mu1, lv1, mu2, lv2 []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: multiplied by the second variance.
		{"times the variance", klGauss(math.Exp), exercise.Wrong},
		{"notebook 3's formula, the prior ignored", func(mu1, lv1, mu2, lv2 []float64) float64 {
			s := 0.0
			for j := range mu1 {
				s += 0.5 * (math.Exp(lv1[j]) + mu1[j]*mu1[j] - 1 - lv1[j])
			}
			return s
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, KLGaussiansCheck(tc.f), tc.want) })
	}
}

func logN(z, m, lv []float64) float64 {
	s := 0.0
	for j := range z {
		d := z[j] - m[j]
		s -= 0.5*math.Log(2*math.Pi) + 0.5*lv[j] + 0.5*d*d*math.Exp(-lv[j])
	}
	return s
}

func TestSampledKLCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(z, mu1, lv1, mu2, lv2 []float64) float64
		want exercise.Status
	}{
		{"right", func(z, mu1, lv1, mu2, lv2 []float64) float64 { return logN(z, mu1, lv1) - logN(z, mu2, lv2) }, exercise.Pass},
		{"stub", func(z, mu1, lv1, mu2, lv2 []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the difference the wrong way round.
		{"log p − log q", func(z, mu1, lv1, mu2, lv2 []float64) float64 { return logN(z, mu2, lv2) - logN(z, mu1, lv1) }, exercise.Wrong},
		{"the closed form instead", func(z, mu1, lv1, mu2, lv2 []float64) float64 { return KLGaussians(mu1, lv1, mu2, lv2) }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, SampledKLCheck(tc.f), tc.want) })
	}
}

func TestBottomCodeCheck(t *testing.T) {
	bottom := func(sd func(lv float64) float64) func(muP, lvP, eps []float64) []float64 {
		return func(muP, lvP, eps []float64) []float64 {
			z := make([]float64, len(muP))
			for j := range z {
				z[j] = muP[j] + sd(lvP[j])*eps[j]
			}
			return z
		}
	}
	for _, tc := range []struct {
		name string
		f    func(muP, lvP, eps []float64) []float64
		want exercise.Status
	}{
		{"right", bottom(func(lv float64) float64 { return math.Exp(0.5 * lv) }), exercise.Pass},
		{"stub", func(muP, lvP, eps []float64) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the variance where σ belongs.
		{"the variance, not σ", bottom(math.Exp), exercise.Wrong},
		{"the log-variance as σ", bottom(func(lv float64) float64 { return lv }), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, BottomCodeCheck(tc.f), tc.want) })
	}
}
