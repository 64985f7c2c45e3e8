package anomaly

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// ROC returns the receiver operating characteristic of a detector that
// flags an input as out of distribution when its score is at least a
// threshold, with the threshold lowered from above the largest score to
// the smallest: for each distinct score t, the false-positive rate
// fpr = #{in ≥ t}/#in (normal inputs flagged) and the true-positive rate
// tpr = #{out ≥ t}/#out (unusual inputs caught), starting at (0, 0) and
// ending at (1, 1). Inputs of both kinds that share a score enter
// together, as one diagonal step (notebook 08 §3).
//
// ROC panics if in or out is empty or holds a NaN.
func ROC(in, out []float64) (fpr, tpr []float64) {
	checkScores(in, out)
	all := pool(in, out)
	slices.Reverse(all) // largest first
	fpr, tpr = []float64{0}, []float64{0}
	var fp, tp int
	for i, a := range all {
		if a.out {
			tp++
		} else {
			fp++
		}
		if i+1 < len(all) && all[i+1].s == a.s {
			continue // a tie: the next input enters at the same threshold
		}
		fpr = append(fpr, float64(fp)/float64(len(in)))
		tpr = append(tpr, float64(tp)/float64(len(out)))
	}
	return fpr, tpr
}

// Trapezoid returns the area under the piecewise-linear curve through
// the points (x_k, y_k), Σ_k (x_{k+1} − x_k)(y_k + y_{k+1})/2: the AUC of
// an ROC curve from ROC. It panics if x and y differ in length.
func Trapezoid(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(fmt.Sprintf("anomaly: Trapezoid of %d x and %d y values", len(x), len(y)))
	}
	var a float64
	for k := 0; k+1 < len(x); k++ {
		a += (x[k+1] - x[k]) * (y[k] + y[k+1]) / 2
	}
	return a
}

// AUC returns the area under the ROC curve computed directly as the
// Mann–Whitney rank statistic: the probability that an unusual input
// scores higher than a normal one, a tie counting one half,
//
//	AUC = (1/(n_in·n_out)) Σ_{o ∈ out} Σ_{i ∈ in} ([s_o > s_i] + ½[s_o = s_i]).
//
// It computes it in O(n log n) from the ranks of the pooled scores, tied
// scores sharing their mean rank: AUC = (R_out − n_out(n_out+1)/2)/(n_in·n_out),
// R_out being the sum of the ranks of out. 1 means every unusual input
// scores above every normal one, 0.5 is chance, and below 0.5 the score
// points the wrong way (notebook 08 §3). It equals Trapezoid(ROC(in, out)).
//
// AUC panics if in or out is empty or holds a NaN.
func AUC(in, out []float64) float64 {
	checkScores(in, out)
	all := pool(in, out)
	var rankSum float64 // R_out, ranks counted from 1
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].s == all[i].s {
			j++
		}
		mid := float64(i+1+j) / 2 // mean of the ranks i+1 … j shared by the tie
		for _, a := range all[i:j] {
			if a.out {
				rankSum += mid
			}
		}
		i = j
	}
	nIn, nOut := float64(len(in)), float64(len(out))
	return (rankSum - nOut*(nOut+1)/2) / (nIn * nOut)
}

// Caught returns the fraction of out flagged when the threshold is set
// so that at most the fraction falseAlarm of in is flagged: the threshold
// is the ⌈(1−falseAlarm)·n_in⌉-th smallest normal score, and an input is
// flagged when it scores strictly above it (notebook 08 §3).
func Caught(in, out []float64, falseAlarm float64) float64 {
	checkScores(in, out)
	s := slices.Clone(in)
	slices.Sort(s)
	k := int(math.Ceil((1 - falseAlarm) * float64(len(s))))
	t := s[max(k, 1)-1]
	n := 0
	for _, o := range out {
		if o > t {
			n++
		}
	}
	return float64(n) / float64(len(out))
}

// checkScores panics unless in and out are non-empty and NaN-free.
func checkScores(in, out []float64) {
	if len(in) == 0 || len(out) == 0 {
		panic(fmt.Sprintf("anomaly: ROC of %d normal and %d unusual scores: need some of each", len(in), len(out)))
	}
	if slices.ContainsFunc(in, math.IsNaN) || slices.ContainsFunc(out, math.IsNaN) {
		panic("anomaly: a score is NaN: it cannot be ranked")
	}
}

// scored is one input's score and whether it is unusual.
type scored struct {
	s   float64
	out bool
}

// pool returns the scores of in and out together, sorted from the
// smallest.
func pool(in, out []float64) []scored {
	all := make([]scored, 0, len(in)+len(out))
	for _, s := range in {
		all = append(all, scored{s, false})
	}
	for _, s := range out {
		all = append(all, scored{s, true})
	}
	slices.SortFunc(all, func(a, b scored) int { return cmp.Compare(a.s, b.s) })
	return all
}
