package anomaly

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// pairAUC is the definition of the AUC, pair by pair: O(n_in·n_out).
func pairAUC(in, out []float64) float64 {
	var s float64
	for _, o := range out {
		for _, i := range in {
			switch {
			case o > i:
				s++
			case o == i:
				s += 0.5
			}
		}
	}
	return s / float64(len(in)*len(out))
}

func TestAUCKnownCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in, out []float64
		want    float64
	}{
		{"separated", []float64{1, 2, 3}, []float64{4, 5}, 1},
		{"reversed", []float64{4, 5}, []float64{1, 2, 3}, 0},
		{"all tied", []float64{2, 2, 2}, []float64{2, 2}, 0.5},
		// out 3 beats in 1 and 2 and ties in 3: 2.5; out 1 ties in 1: 0.5. 3/6.
		{"ties across", []float64{1, 2, 3}, []float64{3, 1}, 0.5},
		// 2 beats 1; 4 beats 1, 3; 6 beats all three: 6 of 9 pairs.
		{"interleaved", []float64{1, 3, 5}, []float64{2, 4, 6}, 6.0 / 9},
		{"one each", []float64{0}, []float64{1}, 1},
	} {
		got := AUC(tc.in, tc.out)
		fpr, tpr := ROC(tc.in, tc.out)
		trap := Trapezoid(fpr, tpr)
		if math.Abs(got-tc.want) > 1e-12 || math.Abs(trap-tc.want) > 1e-12 {
			t.Errorf("%s: AUC %v, trapezoid of ROC %v; want %v", tc.name, got, trap, tc.want)
		}
		if fpr[0] != 0 || tpr[0] != 0 || fpr[len(fpr)-1] != 1 || tpr[len(tpr)-1] != 1 {
			t.Errorf("%s: ROC runs from (%v, %v) to (%v, %v), want (0, 0) to (1, 1)", tc.name, fpr[0], tpr[0], fpr[len(fpr)-1], tpr[len(tpr)-1])
		}
	}
}

// TestAUCAgreesOnRandomScores checks the three ways of computing the AUC
// against each other on scores with many ties (rounded to a grid).
func TestAUCAgreesOnRandomScores(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, tc := range []struct{ nIn, nOut, grid int }{{50, 30, 5}, {200, 7, 20}, {13, 400, 1000}, {1, 1, 1}} {
		in, out := make([]float64, tc.nIn), make([]float64, tc.nOut)
		for i := range in {
			in[i] = math.Round(r.NormFloat64() * float64(tc.grid))
		}
		for i := range out {
			out[i] = math.Round((r.NormFloat64() + 0.7) * float64(tc.grid))
		}
		name := fmt.Sprintf("%d in, %d out, grid %d", tc.nIn, tc.nOut, tc.grid)
		want := pairAUC(in, out)
		fpr, tpr := ROC(in, out)
		if got, trap := AUC(in, out), Trapezoid(fpr, tpr); math.Abs(got-want) > 1e-12 || math.Abs(trap-want) > 1e-12 {
			t.Errorf("%s: AUC %v, trapezoid %v; pair by pair %v", name, got, trap, want)
		}
		for k := 1; k < len(fpr); k++ {
			if fpr[k] < fpr[k-1] || tpr[k] < tpr[k-1] {
				t.Fatalf("%s: ROC goes back at point %d", name, k)
			}
		}
	}
}

func TestCaught(t *testing.T) {
	in := make([]float64, 100)
	for i := range in {
		in[i] = float64(i) // 0 … 99
	}
	for _, tc := range []struct {
		falseAlarm float64
		out        []float64
		want       float64
	}{
		// Flagging at most 5% of in sets the threshold at 94: 95…99 flagged.
		{0.05, []float64{94, 95, 200, 50}, 0.5},
		{0.01, []float64{98, 99, 100}, 2.0 / 3}, // threshold 98: in 99 is the one false alarm
		{0, []float64{99, 100}, 0.5},
		{1, []float64{0, 1}, 0.5},
	} {
		if got := Caught(in, tc.out, tc.falseAlarm); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Caught at %v false alarms = %v, want %v", tc.falseAlarm, got, tc.want)
		}
	}
}

func TestROCPanicsOnBadScores(t *testing.T) {
	for name, f := range map[string]func(){
		"empty in": func() { AUC(nil, []float64{1}) },
		"NaN":      func() { ROC([]float64{1}, []float64{math.NaN()}) },
		"lengths":  func() { Trapezoid([]float64{0, 1}, []float64{0}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func ExampleAUC() {
	normal := []float64{90, 100, 110, 120}
	unusual := []float64{115, 130, 400}
	// 115 beats 90, 100, 110; 130 and 400 beat all four: 11 of 12 pairs.
	fmt.Printf("%.4f\n", AUC(normal, unusual))
	// Output: 0.9167
}
