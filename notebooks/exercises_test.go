package notebooks

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// An exercise in a notebook is marked by cell metadata (see package
// lessons/exercise for what the learner sees):
//
//	"exercise": ID  on the code cell with the stub the learner fills in
//	"solution": ID  on the Markdown cell whose first ```go block, inside a
//	                folded <details>, is the worked solution; its metadata
//	                "wrong" spoils it as a learner might, for the third pass:
//	                {"why": "flipped sign", "old": "-0.5 *", "new": "0.5 *"}
//	"check":    ID  on the code cell that checks the learner's function and
//	                prints one verdict line: PASS, TODO or WRONG
//
// The notebook is run three ways: as committed (every check says TODO), with
// each stub replaced by its solution and useMine switched on (every check
// says PASS), and with each stub replaced by its solution spoiled as
// their "wrong" metadata says (every check says WRONG).

// mutation spoils a solution the way a learner might: old, which must occur
// in the solution, becomes new.
type mutation struct {
	Why, Old, New string
}

// pass is one way of running the notebooks.
type pass struct {
	name    string
	verdict string // every check cell's verdict
	// stub returns the source that replaces an exercise's stub cell, given
	// its solution and wrong answer; nil keeps the stub.
	stub func(solution string, wrong mutation) (string, error)
	// useMine is whether cells switch to the learner's functions.
	useMine bool
}

var (
	asCommitted = pass{name: "as committed", verdict: "TODO"}
	solved      = pass{name: "solved", verdict: "PASS", useMine: true,
		stub: func(solution string, _ mutation) (string, error) { return solution, nil }}
	spoiled = pass{name: "wrong", verdict: "WRONG",
		stub: func(solution string, m mutation) (string, error) { return m.apply(solution) }}
)

// apply returns the solution spoiled by m.
func (m mutation) apply(solution string) (string, error) {
	if m.Old == "" || m.Why == "" {
		return "", fmt.Errorf("no wrong answer in the solution cell's metadata: want \"wrong\": {\"why\", \"old\", \"new\"}")
	}
	if !strings.Contains(solution, m.Old) {
		return "", fmt.Errorf("the wrong answer %q: %q is not in the solution", m.Why, m.Old)
	}
	return strings.Replace(solution, m.Old, m.New, 1), nil
}

var (
	verdictLine = regexp.MustCompile(`(?m)^(PASS|TODO|WRONG) +.*$`)
	goFence     = regexp.MustCompile("(?s)```go\n(.*?)```")
	useMineOff  = regexp.MustCompile(`\buseMine\s*=\s*false\b`)
	numbered    = regexp.MustCompile(`(?m)^\d+\. `) // a question of More to try
)

// cell is the part of an nbformat cell the passes read and change.
type cell struct {
	raw      map[string]any
	typ      string
	source   string
	exercise string
	solution string
	wrong    mutation
	check    string
}

func readCells(nbJSON map[string]any) []*cell {
	var out []*cell
	for _, c := range nbJSON["cells"].([]any) {
		m := c.(map[string]any)
		cl := &cell{raw: m, typ: m["cell_type"].(string)}
		switch s := m["source"].(type) {
		case string:
			cl.source = s
		case []any:
			for _, p := range s {
				cl.source += p.(string)
			}
		}
		if md, ok := m["metadata"].(map[string]any); ok {
			cl.exercise, _ = md["exercise"].(string)
			cl.solution, _ = md["solution"].(string)
			cl.check, _ = md["check"].(string)
			if w, ok := md["wrong"].(map[string]any); ok {
				cl.wrong.Why, _ = w["why"].(string)
				cl.wrong.Old, _ = w["old"].(string)
				cl.wrong.New, _ = w["new"].(string)
			}
		}
		out = append(out, cl)
	}
	return out
}

// exercises returns the notebook's exercise ids in order, with the
// solution code and wrong answer of each, and checks that every exercise has its three
// cells in the order stub, solution, check.
func exercises(cells []*cell) (ids []string, solutions map[string]string, wrong map[string]mutation, err error) {
	solutions, wrong = map[string]string{}, map[string]mutation{}
	where := map[string][3]int{}
	for i, c := range cells {
		w := where[c.exercise+c.solution+c.check]
		switch {
		case c.exercise != "":
			ids = append(ids, c.exercise)
			w[0] = i + 1
			where[c.exercise] = w
		case c.solution != "":
			m := goFence.FindStringSubmatch(c.source)
			if m == nil || !strings.Contains(c.source, "<details>") {
				return nil, nil, nil, fmt.Errorf("cell %d: the solution of %q has no ```go block folded in <details>", i+1, c.solution)
			}
			solutions[c.solution] = m[1]
			wrong[c.solution] = c.wrong
			w[1] = i + 1
			where[c.solution] = w
		case c.check != "":
			w[2] = i + 1
			where[c.check] = w
		}
	}
	for id, w := range where {
		if !slices.Contains(ids, id) {
			return nil, nil, nil, fmt.Errorf("exercise %q has a solution or check cell but no stub cell", id)
		}
		if !(w[0] > 0 && w[0] < w[1] && w[1] < w[2]) {
			return nil, nil, nil, fmt.Errorf("exercise %q: want its stub, solution and check cells in that order, got cells %v", id, w)
		}
	}
	return ids, solutions, wrong, nil
}

// variant returns the notebook with its stubs replaced as p says.
func variant(src []byte, p pass) ([]byte, error) {
	var nb map[string]any
	if err := json.Unmarshal(src, &nb); err != nil {
		return nil, err
	}
	cells := readCells(nb)
	_, solutions, wrong, err := exercises(cells)
	if err != nil {
		return nil, err
	}
	for _, c := range cells {
		if c.typ != "code" {
			continue
		}
		s := c.source
		if c.exercise != "" && p.stub != nil {
			if s, err = p.stub(solutions[c.exercise], wrong[c.exercise]); err != nil {
				return nil, fmt.Errorf("exercise %q: %w", c.exercise, err)
			}
		}
		if p.useMine {
			s = useMineOff.ReplaceAllString(s, "useMine = true")
		}
		c.raw["source"] = s
	}
	return json.Marshal(nb)
}

// verdicts returns the verdict lines of each check cell of an executed
// notebook, by exercise id.
func verdicts(executed []byte) (map[string][]string, error) {
	var nb map[string]any
	if err := json.Unmarshal(executed, &nb); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, c := range readCells(nb) {
		if c.check == "" {
			continue
		}
		out[c.check] = []string{}
		outputs, _ := c.raw["outputs"].([]any)
		for _, o := range outputs {
			om := o.(map[string]any)
			if om["output_type"] != "stream" || om["name"] != "stdout" {
				continue
			}
			var text string
			switch t := om["text"].(type) {
			case string:
				text = t
			case []any:
				for _, p := range t {
					text += p.(string)
				}
			}
			out[c.check] = append(out[c.check], verdictLine.FindAllString(text, -1)...)
		}
	}
	return out, nil
}

// TestExercisesAreWellFormed checks, without running anything, that every
// notebook has 3 to 6 exercises, each with a stub that panics with "TODO",
// a folded hint and solution that declare the stub's functions, a check
// cell, and a wrong answer for the third pass that applies to it; and that
// each open question of "More to try" has a folded answer.
func TestExercisesAreWellFormed(t *testing.T) {
	paths, _ := filepath.Glob("*.ipynb")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var nb map[string]any
		if err := json.Unmarshal(src, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cells := readCells(nb)
		ids, solutions, wrong, err := exercises(cells)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if len(ids) < 3 || len(ids) > 6 {
			t.Errorf("%s has %d exercises %v, want 3 to 6", p, len(ids), ids)
		}
		for _, c := range cells {
			switch {
			case c.exercise != "":
				if !strings.Contains(c.source, `panic("TODO")`) {
					t.Errorf("%s: the stub of %q does not panic with \"TODO\"", p, c.exercise)
				}
				stubFuncs, err := funcNames(c.source)
				if err != nil {
					t.Errorf("%s: stub of %q: %v", p, c.exercise, err)
					continue
				}
				solFuncs, err := funcNames(solutions[c.exercise])
				if err != nil {
					t.Errorf("%s: solution of %q: %v", p, c.exercise, err)
					continue
				}
				if !slices.Equal(stubFuncs, solFuncs) {
					t.Errorf("%s: exercise %q: the stub declares %v, its solution %v", p, c.exercise, stubFuncs, solFuncs)
				}
			case c.solution != "":
				if !strings.Contains(c.source, "<summary>Hint") {
					t.Errorf("%s: exercise %q has no folded hint (<details><summary>Hint…)", p, c.solution)
				}
			case c.typ == "markdown" && strings.Contains(c.source, "## More to try"):
				questions := len(numbered.FindAllString(c.source, -1))
				if answers := strings.Count(c.source, "<summary>Answer"); questions == 0 || answers != questions {
					t.Errorf("%s: More to try has %d questions and %d folded answers, want one answer each", p, questions, answers)
				}
			}
		}
		for _, id := range ids {
			if _, err := wrong[id].apply(solutions[id]); err != nil {
				t.Errorf("%s: exercise %q: %v", p, id, err)
			}
		}
	}
}

// funcNames returns the names of the functions declared in a cell of
// declarations.
func funcNames(src string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "cell.go", "package main\n"+src, 0)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			names = append(names, fd.Name.Name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// runPass executes every notebook as p says and checks each check cell's
// verdict, on top of the scan every run gets (no errors, panics, exits).
func runPass(t *testing.T, p pass) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	root, py := kerneltest.Setup(t)
	for _, path := range paths {
		name := strings.TrimSuffix(path, ".ipynb")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if src, err = variant(src, p); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), path)
			res, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Root: root, Python: py, Source: src, Output: out})
			for _, c := range res.Cells {
				t.Logf("cell %2d %7.2fs  %s", c.Cell, c.Duration.Seconds(), c.Label)
				if c.Duration > 30*time.Second {
					t.Logf("cell %d took %.0fs, more than the 30s a cell should take", c.Cell, c.Duration.Seconds())
				}
			}
			t.Logf("%s: %s pass, total %.1fs", name, p.name, res.Total.Seconds())
			if err != nil {
				t.Fatal(err)
			}
			executed, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if p.name == asCommitted.name {
				// The prose must hold for this run too, on this CPU, to
				// within a unit of each quoted number's last digit.
				bad, err := unsupported(executed, rerun)
				if err != nil {
					t.Fatal(err)
				}
				if len(bad) > 0 {
					t.Errorf("%d numbers in the Markdown are not within a unit of their last digit of this run's outputs:%s", len(bad), report(bad))
				}
			}
			got, err := verdicts(executed)
			if err != nil {
				t.Fatal(err)
			}
			for id, lines := range got {
				if len(lines) != 1 || !strings.HasPrefix(lines[0], p.verdict+" ") {
					t.Errorf("exercise %q, %s: want one %s verdict, the check printed %q", id, p.name, p.verdict, lines)
				} else {
					t.Logf("%s: %s", id, lines[0])
				}
			}
		})
	}
}

// TestNotebooks runs every notebook as committed: it must run clean, and
// every check must report its stub as not written yet.
func TestNotebooks(t *testing.T) { runPass(t, asCommitted) }

// TestNotebooksSolved runs every notebook with the worked solutions in
// place of the stubs and the learner's functions switched on: every check
// must pass, and every later cell must run on them.
func TestNotebooksSolved(t *testing.T) {
	t.Parallel()
	runPass(t, solved)
}

// TestNotebooksWrong runs every notebook with a wrong answer per exercise:
// every check must catch it.
func TestNotebooksWrong(t *testing.T) {
	t.Parallel()
	runPass(t, spoiled)
}
