// Package exercisetest holds a check to its verdict in the tests of the
// lesson packages: one helper for every checker's table of right answers,
// stubs and typical mistakes.
package exercisetest

import (
	"strings"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
)

// Verdict runs the check r and fails t unless it returns want and prints
// exactly one verdict line, starting with want's word, with nothing a
// notebook scan reads as a crash ("panic:", "exit status"). It logs what
// the check printed.
func Verdict(t testing.TB, r exercise.Runner, want exercise.Status) {
	t.Helper()
	var out strings.Builder
	got := r.RunTo(&out)
	s := out.String()
	t.Log(s)
	if got != want {
		t.Errorf("verdict %v, want %v; printed:\n%s", got, want, s)
	}
	words := 0
	for _, l := range strings.Split(s, "\n") {
		for _, st := range []exercise.Status{exercise.Pass, exercise.Todo, exercise.Wrong} {
			if strings.HasPrefix(l, st.String()+" ") {
				words++
			}
		}
	}
	if !strings.HasPrefix(s, want.String()+" ") || words != 1 || strings.Contains(s, "panic:") || strings.Contains(s, "exit status") {
		t.Errorf("printed %q: want one verdict line, starting with %v, and no \"panic:\" or \"exit status\"", s, want)
	}
}
