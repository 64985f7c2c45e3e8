package likelihood

import (
	"fmt"
	"math"
)

// Bound returns the k-sample bound L_k = LogSumExp(group) − log k of one
// digit's log weights (notebook 07 §3), averaged over the len(logw)/k
// disjoint groups of k consecutive weights (leftover weights are not
// used). Each group is an independent draw of L_k, so the average
// estimates E[L_k] with less noise than one group would, and one set of
// 5000 samples serves every k that divides it. k = 1 gives the plain
// average of the log weights: a Monte-Carlo ELBO. Bound panics unless
// 1 ≤ k ≤ len(logw).
func Bound(logw []float64, k int) float64 {
	if k < 1 || len(logw) < k {
		panic(fmt.Sprintf("likelihood: Bound: k = %d with %d log weights; need 1 ≤ k ≤ the number of weights", k, len(logw)))
	}
	groups := len(logw) / k
	var s float64
	for g := range groups {
		s += LogSumExp(logw[g*k:(g+1)*k]) - math.Log(float64(k))
	}
	return s / float64(groups)
}

// Estimate is the k-sample bound averaged over N digits, in nats per
// digit, with its standard error across digits.
type Estimate struct {
	K              int
	Mean, StdError float64 // mean over digits of L_k(x), and sd/√N
	// Gain is the mean over digits of L_k(x) − L_1(x), how much the bound
	// rose over the ELBO, and GainStdError its standard error. The same
	// digits and samples enter both terms, so the digit-to-digit spread
	// cancels and the gain is much more precise than Mean.
	Gain, GainStdError float64
	N                  int
}

// Table evaluates the bound (notebook 07 §3) at every k in ks from the log
// weights of N
// digits (LogWeights), e.g. ks = 1, 10, 100, 1000, 5000 from 5000 weights
// per digit. It panics if a k exceeds the weights of a digit.
func Table(logw [][]float64, ks []int) []Estimate {
	out := make([]Estimate, len(ks))
	elbo := make([]float64, len(logw))
	for n, w := range logw {
		elbo[n] = Bound(w, 1)
	}
	for i, k := range ks {
		v, gain := make([]float64, len(logw)), make([]float64, len(logw))
		for n, w := range logw {
			v[n] = Bound(w, k)
			gain[n] = v[n] - elbo[n]
		}
		e := Estimate{K: k, N: len(logw)}
		e.Mean, e.StdError = MeanSE(v)
		e.Gain, e.GainStdError = MeanSE(gain)
		out[i] = e
	}
	return out
}

// MeanSE returns the mean of xs and its standard error, the sample
// standard deviation over √n (0 for fewer than two values; NaN and 0 for
// none). Of differences on the same digits (a paired comparison), it is
// the gain and its much smaller error.
func MeanSE(xs []float64) (mean, se float64) {
	if len(xs) == 0 {
		return math.NaN(), 0
	}
	for _, x := range xs {
		mean += x
	}
	n := float64(len(xs))
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}
