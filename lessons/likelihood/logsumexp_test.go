package likelihood

import (
	"fmt"
	"math"
	"testing"
)

func TestLogSumExp(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		xs   []float64
		want float64
	}{
		{"no terms", nil, -inf},
		{"one term", []float64{-3.5}, -3.5},
		{"two equal huge", []float64{1000, 1000}, 1000 + math.Ln2},
		{"two equal tiny", []float64{-1000, -1000}, -1000 + math.Ln2},
		{"digit-sized log weights", []float64{-120, -121, -125}, -120 + math.Log(1+math.Exp(-1)+math.Exp(-5))},
		{"one term swamps", []float64{800, 0}, 800},
		{"near the float64 limit", []float64{1e308, 1e308}, 1e308},
		{"a zero weight", []float64{math.Inf(-1), 0}, 0},
		{"all zero weights", []float64{math.Inf(-1), math.Inf(-1)}, -inf},
		{"an infinite weight", []float64{inf, 1}, inf},
	} {
		got := LogSumExp(tc.xs)
		if got != tc.want && math.Abs(got-tc.want) > 1e-12*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s: LogSumExp(%v) = %v, want %v", tc.name, tc.xs, got, tc.want)
		}
	}
	if got := LogSumExp([]float64{math.NaN(), 1}); !math.IsNaN(got) {
		t.Errorf("LogSumExp with a NaN = %v, want NaN", got)
	}
	// The naive formula fails where LogSumExp does not: this is why it exists.
	if naive := math.Log(math.Exp(-1000) + math.Exp(-1000)); !math.IsInf(naive, -1) {
		t.Errorf("naive log-sum-exp of -1000s = %v; the test above no longer shows an underflow", naive)
	}
}

func TestBound(t *testing.T) {
	w := []float64{-1, -3, -2, -2, 7}
	for _, tc := range []struct {
		k    int
		want float64
	}{
		{1, (-1 - 3 - 2 - 2 + 7) / 5.0},
		{2, (LogSumExp(w[0:2])+LogSumExp(w[2:4]))/2 - math.Log(2)}, // the fifth weight is left over
		{5, LogSumExp(w) - math.Log(5)},
	} {
		if got := Bound(w, tc.k); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Bound(%v, %d) = %v, want %v", w, tc.k, got, tc.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Bound with k larger than the weights did not panic")
		}
	}()
	Bound(w, 6)
}

func ExampleLogSumExp() {
	logw := []float64{-1000, -1001, -1002} // three log weights of a digit, in nats
	fmt.Printf("naive  %v\n", math.Log(math.Exp(logw[0])+math.Exp(logw[1])+math.Exp(logw[2])))
	fmt.Printf("stable %.4f\n", LogSumExp(logw))
	// Output:
	// naive  -Inf
	// stable -999.5924
}

func ExampleBound() {
	logw := []float64{-3, -1, -2, -2} // four log weights of one digit
	for _, k := range []int{1, 2, 4} {
		fmt.Printf("L_%d = %.4f\n", k, Bound(logw, k))
	}
	// Output:
	// L_1 = -2.0000
	// L_2 = -1.7831
	// L_4 = -1.7598
}
