package main

import (
	"fmt"
	"math"
	"slices"
)

// median returns the middle of xs (the mean of the two middle values for
// an even count), or NaN for none. The median, not the mean, summarises
// epoch times because a shared machine adds slow outliers, not fast ones.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// speedup compares a time with a reference time, both in seconds: "2.31x
// faster" when t is shorter, "1.50x slower" when longer, "n/a" when either
// is missing. Both directions print a factor ≥ 1, which reads better than
// "0.67x faster".
func speedup(t, ref float64) string {
	if !(t > 0) || !(ref > 0) || math.IsInf(t, 0) || math.IsInf(ref, 0) {
		return "n/a"
	}
	if t <= ref {
		return fmt.Sprintf("%.2fx faster", ref/t)
	}
	return fmt.Sprintf("%.2fx slower", t/ref)
}
