// Package exercise checks the functions a learner writes in a notebook
// against the library's own, case by case, and prints a short verdict.
//
// An exercise in a notebook is three cells: a code cell that declares a
// function with its signature given and a body that panics with "TODO"
// (the stub), a Markdown cell with a hint and a worked solution folded
// away in <details> blocks, and a check cell that passes the learner's
// function to a checker of the lesson's package, e.g.
//
//	%%
//	klterm.CheckKL(myKL)
//
// A checker builds a [Check]: named cases (fixed inputs, random ones from a
// seeded generator, the edge cases that catch the usual mistakes), the
// library's answer for each, and a comparison. [Check.Run] calls the
// learner's function on every case, recovering from panics and giving up
// after [DefaultTimeout], and prints one verdict line, starting with one of
//
//	PASS   every case agrees with the library
//	TODO   the function is still the stub (it panics with "TODO")
//	WRONG  a case disagrees: the input, the expected and obtained values, a hint
//
// so a wrong or unfinished answer never stops the notebook, and the
// notebook tests can read each check's verdict from the saved output.
package exercise

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// DefaultTimeout is how long one call of the learner's function may take
// before the check reports it as stuck (an endless loop, say) and moves on.
const DefaultTimeout = 10 * time.Second

// Status is the outcome of a check.
type Status int

const (
	Pass  Status = iota // every case agrees
	Todo                // the function still panics with "TODO"
	Wrong               // some case disagrees, panics or hangs
)

// String returns the verdict word a check prints: "PASS", "TODO" or "WRONG".
func (s Status) String() string {
	switch s {
	case Pass:
		return "PASS"
	case Todo:
		return "TODO"
	}
	return "WRONG"
}

// Case is one input of a check, with a name a learner can recognise
// ("random 3", "logσ² = 30") and, optionally, a hint for this case alone
// that replaces the check's general hint when the case fails.
type Case[In any] struct {
	Name string
	In   In
	Hint string
}

// Check compares a learner's function with the library's on a list of
// cases. In is one case's input, Out the function's result.
type Check[In, Out any] struct {
	Name    string // what the exercise asks for, e.g. "KL of a diagonal Gaussian"
	Func    string // the learner's function, e.g. "myKL"
	Against string // what it is compared with, e.g. "vae.KLForward"
	Hint    string // one line shown under a failed case

	Cases []Case[In]
	Want  func(In) Out // the library's result
	Got   func(In) Out // the learner's function, adapted to one input

	// Differ returns "" when got agrees with want, else a short reason
	// (which element, by how much). See Near and NearSlice.
	Differ func(want, got Out) string
	// Show formats an input and a result for the verdict; %v if nil.
	ShowIn  func(In) string
	ShowOut func(Out) string

	// Timeout bounds each call of Got [DefaultTimeout].
	Timeout time.Duration
}

// Run runs every case, prints the verdict on stdout and returns the status.
func (c Check[In, Out]) Run() Status { return c.RunTo(os.Stdout) }

// RunTo is Run printing to w.
func (c Check[In, Out]) RunTo(w io.Writer) Status {
	showIn, showOut := c.ShowIn, c.ShowOut
	if showIn == nil {
		showIn = func(in In) string { return fmt.Sprintf("%v", in) }
	}
	if showOut == nil {
		showOut = func(out Out) string { return fmt.Sprintf("%v", out) }
	}
	who := fmt.Sprintf("%s (%s)", c.Name, c.Func)
	for i, cs := range c.Cases {
		want := c.Want(cs.In)
		// Every byte of the input, to see whether the learner's function
		// changed it (which a caller, and the cases after it, would suffer).
		before := fmt.Sprintf("%#v", cs.In)
		got, failure := call(c.Got, cs.In, cmp.Or(c.Timeout, DefaultTimeout))
		if failure == todo {
			if i == 0 {
				fmt.Fprintf(w, "TODO  %s: not written yet (it, or a function it calls, still panics with \"TODO\"). "+
					"Write it, run its cell, then run this check again.\n", who)
				return Todo
			}
			failure = "it panicked with \"TODO\" on this case only"
		}
		if failure == "" && fmt.Sprintf("%#v", cs.In) != before {
			failure = "it changed its input: leave the arguments as they are and return new values"
		}
		if failure == "" {
			failure = c.Differ(want, got)
		}
		if failure == "" {
			continue
		}
		hint := cs.Hint
		if hint == "" {
			hint = c.Hint
		}
		fmt.Fprintf(w, "WRONG %s: case %d of %d, %q, disagrees with %s.\n", who, i+1, len(c.Cases), cs.Name, c.Against)
		fmt.Fprintf(w, "      input:    %s\n", showIn(cs.In))
		fmt.Fprintf(w, "      expected: %s\n", showOut(want))
		if !strings.HasPrefix(failure, "it ") {
			fmt.Fprintf(w, "      got:      %s\n", showOut(got))
		}
		fmt.Fprintf(w, "      (%s)\n", failure)
		if hint != "" {
			fmt.Fprintf(w, "      hint: %s\n", hint)
		}
		return Wrong
	}
	names := make([]string, 0, len(c.Cases))
	seen := map[string]int{}
	for _, cs := range c.Cases {
		// "random #3" and "random #4" count as "random ×2"; "fixed (k = 2)"
		// and "fixed (k = 100)" as "fixed ×2".
		kind, _, _ := strings.Cut(cs.Name, " #")
		kind, _, _ = strings.Cut(kind, " (")
		if seen[kind]++; seen[kind] == 1 {
			names = append(names, kind)
		}
	}
	for i, n := range names {
		if k := seen[n]; k > 1 {
			names[i] = fmt.Sprintf("%s ×%d", n, k)
		}
	}
	fmt.Fprintf(w, "PASS  %s: all %d cases agree with %s (%s).\n", who, len(c.Cases), c.Against, strings.Join(names, ", "))
	return Pass
}

// todo is call's failure for a function that still panics with "TODO".
const todo = "\x00todo"

// call runs f(in), turning a panic or a call that outlives Timeout into a
// failure message instead of stopping the program.
func call[In, Out any](f func(In) Out, in In, timeout time.Duration) (out Out, failure string) {
	type result struct {
		out     Out
		failure string
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if v := recover(); v != nil {
				if s, ok := v.(string); ok && strings.Contains(s, "TODO") {
					r.failure = todo
				} else {
					// Not "panic:", which the notebook tests read as a crash.
					r.failure = fmt.Sprintf("it panicked with %q", fmt.Sprint(v))
				}
			}
			done <- r
		}()
		r.out = f(in)
	}()
	select {
	case r := <-done:
		return r.out, r.failure
	case <-time.After(timeout):
		return out, fmt.Sprintf("it did not return within %v: an endless loop?", timeout)
	}
}

// Near returns "" when got is within tolerance of want: |got − want| ≤
// abs + rel·|want|, with NaN equal only to NaN and ±Inf only to itself.
// Otherwise it says by how much they differ.
func Near(want, got, rel, abs float64) string {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		if math.IsNaN(want) && math.IsNaN(got) {
			return ""
		}
		if math.IsNaN(got) {
			return "got NaN: a 0/0, ∞−∞ or log of a negative number somewhere?"
		}
		return "expected NaN"
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		if want == got {
			return ""
		}
		if math.IsInf(got, 0) {
			return fmt.Sprintf("got %v: an overflow, e.g. exp of a large number?", got)
		}
		return fmt.Sprintf("expected %v", want)
	}
	if d := math.Abs(got - want); d > abs+rel*math.Abs(want) {
		return fmt.Sprintf("off by %.3g, more than the tolerance %.3g", d, abs+rel*math.Abs(want))
	}
	return ""
}

// NearSlice compares two vectors element by element with Near, and their
// lengths first.
func NearSlice(want, got []float64, rel, abs float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("length %d, expected %d", len(got), len(want))
	}
	for i := range want {
		if d := Near(want[i], got[i], rel, abs); d != "" {
			return fmt.Sprintf("element %d: %s", i, d)
		}
	}
	return ""
}

// Named prefixes a difference found by Near or NearSlice with the name of
// the part of a result it is in, and keeps "" (no difference) as it is. A
// check whose result has several parts returns the first difference with
//
//	cmp.Or(Named("dmu", NearSlice(…)), Named("dlogVar", NearSlice(…)))
func Named(part, differs string) string {
	if differs == "" {
		return ""
	}
	return part + ": " + differs
}

// Vec formats a vector for a verdict, eliding the middle of a long one.
func Vec(v []float64) string {
	const ends = 3 // elements shown at each end of a long vector
	parts := make([]string, 0, 2*ends+1)
	for i, x := range v {
		switch {
		case len(v) <= 2*ends || i < ends || i >= len(v)-ends:
			parts = append(parts, fmt.Sprintf("%.4g", x))
		case i == ends:
			parts = append(parts, fmt.Sprintf("… %d more …", len(v)-2*ends))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Num formats a number for a verdict with enough digits to see a
// difference in the fourth significant place.
func Num(x float64) string { return fmt.Sprintf("%.6g", x) }

// Runner is a check ready to run: a Check with its function bound.
type Runner interface{ RunTo(io.Writer) Status }

// Pick returns the learner's function mine when use is true and it passes
// its check (run quietly), and the library's lib otherwise, and prints
// which one the cell runs and why. Later cells of a notebook call it, so
// they run with the library's version until the learner switches to theirs.
func Pick[F any](use bool, mineName, libName string, mine, lib F, check Runner) F {
	if !use {
		fmt.Printf("using the library's %s (set useMine = true to use your %s)\n", libName, mineName)
		return lib
	}
	if s := check.RunTo(io.Discard); s != Pass {
		fmt.Printf("using the library's %s: your %s does not pass its check yet (%v)\n", libName, mineName, s)
		return lib
	}
	fmt.Printf("using your %s\n", mineName)
	return mine
}
