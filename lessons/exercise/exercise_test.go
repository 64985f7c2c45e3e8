package exercise

import (
	"math"
	"strings"
	"testing"
	"time"
)

// sqrtCheck checks a learner's square root against math.Sqrt.
func sqrtCheck(f func(float64) float64) Check[float64, float64] {
	return Check[float64, float64]{
		Name: "square root", Func: "mySqrt", Against: "math.Sqrt", Hint: "Newton's method",
		Cases: []Case[float64]{
			{Name: "zero", In: 0},
			{Name: "random #1", In: 2},
			{Name: "random #2", In: 9},
			{Name: "large", In: 1e300, Hint: "x·x overflows here"},
		},
		Want:    math.Sqrt,
		Got:     f,
		Differ:  func(want, got float64) string { return Near(want, got, 1e-12, 0) },
		Timeout: 200 * time.Millisecond,
	}
}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		f      func(float64) float64
		want   Status
		prints []string // substrings of the verdict
	}{
		{"right", math.Sqrt, Pass, []string{"PASS  square root (mySqrt): all 4 cases agree with math.Sqrt (zero, random ×2, large)."}},
		{"stub", func(float64) float64 { panic("TODO") }, Todo, []string{"TODO  square root (mySqrt): not written yet"}},
		{"wrong", func(x float64) float64 { return x / 2 }, Wrong, []string{
			`WRONG square root (mySqrt): case 2 of 4, "random #1", disagrees with math.Sqrt.`,
			"input:    2", "expected: 1.4142135623730951", "got:      1", "hint: Newton's method"}},
		{"case hint", func(x float64) float64 {
			if x > 1e100 {
				return math.Inf(1)
			}
			return math.Sqrt(x)
		}, Wrong, []string{`case 4 of 4, "large"`, "got +Inf: an overflow", "hint: x·x overflows here"}},
		{"NaN", func(x float64) float64 { return math.NaN() }, Wrong, []string{"got NaN"}},
		{"other panic", func(x float64) float64 { return []float64{}[int(x)] }, Wrong, []string{"it panicked with", "index out of range"}},
		{"TODO on a later case", func(x float64) float64 {
			if x > 5 {
				panic("TODO")
			}
			return math.Sqrt(x)
		}, Wrong, []string{`"random #2"`, `it panicked with "TODO" on this case only`}},
		{"endless loop", func(x float64) float64 {
			for {
				time.Sleep(time.Millisecond)
			}
		}, Wrong, []string{"did not return within 200ms"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			if got := sqrtCheck(tc.f).RunTo(&out); got != tc.want {
				t.Errorf("status %v, want %v", got, tc.want)
			}
			s := out.String()
			if !strings.HasPrefix(s, tc.want.String()+" ") {
				t.Errorf("the verdict does not start with %q:\n%s", tc.want.String()+" ", s)
			}
			if n := strings.Count(s, "PASS ") + strings.Count(s, "TODO ") + strings.Count(s, "WRONG "); n != 1 {
				t.Errorf("%d verdict words printed, want 1:\n%s", n, s)
			}
			if strings.Contains(s, "panic:") || strings.Contains(s, "exit status") {
				t.Errorf("the verdict reads as a crash to the notebook scanner:\n%s", s)
			}
			for _, p := range tc.prints {
				if !strings.Contains(s, p) {
					t.Errorf("the verdict lacks %q:\n%s", p, s)
				}
			}
		})
	}
}

func TestNear(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		want, got float64
		agree     bool
	}{
		{1, 1, true}, {1, 1 + 1e-10, true}, {1, 1.01, false}, {0, 1e-10, true}, {0, 1e-6, false},
		{inf, inf, true}, {inf, -inf, false}, {1, inf, false}, {inf, 1e308, false},
		{nan, nan, true}, {1, nan, false}, {nan, 1, false},
	} {
		if agree := Near(tc.want, tc.got, 1e-9, 1e-9) == ""; agree != tc.agree {
			t.Errorf("Near(%v, %v): agree %v, want %v", tc.want, tc.got, agree, tc.agree)
		}
	}
	if d := NearSlice([]float64{1, 2}, []float64{1}, 0, 0); !strings.Contains(d, "length 1, expected 2") {
		t.Errorf("NearSlice on lengths 2 and 1: %q", d)
	}
	if d := Named("dmu", NearSlice([]float64{1}, []float64{1}, 0, 0)); d != "" {
		t.Errorf("Named of no difference: %q, want \"\"", d)
	}
	if d := Named("dmu", NearSlice([]float64{1}, []float64{2}, 0, 0)); !strings.HasPrefix(d, "dmu: element 0:") {
		t.Errorf("Named of a difference: %q", d)
	}
	if d := NearSlice([]float64{1, 2}, []float64{1, 3}, 0, 0); !strings.HasPrefix(d, "element 1:") {
		t.Errorf("NearSlice differing at 1: %q", d)
	}
}

func TestVec(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want string
	}{
		{nil, "[]"},
		{[]float64{1, -0.5}, "[1, -0.5]"},
		{[]float64{1, 2, 3, 4, 5, 6}, "[1, 2, 3, 4, 5, 6]"},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, "[1, 2, 3, … 2 more …, 6, 7, 8]"},
	} {
		if got := Vec(tc.v); got != tc.want {
			t.Errorf("Vec(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func ExamplePick() {
	mySqrt := func(x float64) float64 { panic("TODO") }
	f := Pick(true, "mySqrt", "math.Sqrt", mySqrt, math.Sqrt, sqrtCheck(mySqrt))
	f = Pick(false, "mySqrt", "math.Sqrt", math.Sqrt, math.Sqrt, sqrtCheck(math.Sqrt))
	f = Pick(true, "mySqrt", "math.Sqrt", math.Sqrt, math.Sqrt, sqrtCheck(math.Sqrt))
	_ = f
	// Output:
	// using the library's math.Sqrt: your mySqrt does not pass its check yet (TODO)
	// using the library's math.Sqrt (set useMine = true to use your mySqrt)
	// using your mySqrt
}

// TestRunCatchesChangedInput checks that a function that writes into its
// input is WRONG even when its result is right.
func TestRunCatchesChangedInput(t *testing.T) {
	double := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = 2 * x
		}
		return out
	}
	inPlace := func(v []float64) []float64 {
		for i := range v {
			v[i] *= 2
		}
		return v
	}
	for _, tc := range []struct {
		name string
		f    func([]float64) []float64
		want Status
	}{{"new slice", double, Pass}, {"in place", inPlace, Wrong}} {
		c := Check[[]float64, []float64]{
			Name: "double", Func: "myDouble", Against: "double",
			Cases:  []Case[[]float64]{{Name: "fixed", In: []float64{1, math.NaN(), -3}}},
			Want:   double,
			Got:    tc.f,
			Differ: func(want, got []float64) string { return NearSlice(want, got, 0, 0) },
		}
		var out strings.Builder
		if got := c.RunTo(&out); got != tc.want {
			t.Errorf("%s: status %v, want %v:\n%s", tc.name, got, tc.want, out.String())
		}
		if tc.want == Wrong && !strings.Contains(out.String(), "it changed its input") {
			t.Errorf("%s: the verdict does not say the input changed:\n%s", tc.name, out.String())
		}
	}
}
