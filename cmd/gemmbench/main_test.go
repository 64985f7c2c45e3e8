package main

import (
	"strings"
	"testing"
)

func TestParseBLAS(t *testing.T) {
	var good strings.Builder
	for i, s := range shapes {
		good.WriteString(`{"name": "` + s.name + `", "threads": 1, "median_s": 0.00` + string(rune('1'+i)) + "}\n")
	}
	for _, tc := range []struct {
		name, in, err string
	}{
		{"all shapes", good.String(), ""},
		{"one missing", strings.SplitN(good.String(), "\n", 2)[1], "reported 4 shapes, want 5"},
		{"unknown shape", `{"name": "NN_1x1x1", "median_s": 0.1}`, "unknown shape"},
		{"zero time", `{"name": "NN_128x400x784", "median_s": 0}`, "bad time"},
		{"not JSON", "Traceback (most recent call last):", "reading the BLAS script's output"},
	} {
		got, err := parseBLAS([]byte(tc.in))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for i, v := range got {
			if want := 0.001 * float64(i+1); v < want*0.999 || v > want*1.001 {
				t.Errorf("%s: shape %d: %g s, want %g", tc.name, i, v, want)
			}
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-rounds", "0"}, {"-reps", "-1"}, {"-kernels", "neon"}} {
		if _, err := parse(args); err == nil {
			t.Errorf("parse(%q) accepted bad flags", args)
		}
	}
}
