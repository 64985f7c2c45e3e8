package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures in testdata/scan are notebooks executed by GoNB v0.11.1 (before
// the v0.11.4 pin, which also reports a failed run as an error output)
// (testdata/notebooks), some edited by hand: see
// each case's comment.
func TestScan(t *testing.T) {
	tests := []struct {
		file string
		cell int      // the failing cell, 0 if none
		want []string // substrings of that cell's problem
	}{
		{"clean.ipynb", 0, nil},            // good.ipynb as executed: wiring, print, PNG
		{"raises_exception.ipynb", 0, nil}, // panic.ipynb, cell 3 tagged raises-exception
		{"panic.ipynb", 3, []string{"panic: deliberate failure", "exit status 2", "[[ Cell [2] Line 2 ]]"}},
		{"exit_status.ipynb", 3, []string{"(os.Exit(3))", "exit status 3"}}, // stderr is only the exit line
		{"compile_error.ipynb", 3, []string{"error output ERROR", `cannot use "not an int"`}},
		{"missing_image.ipynb", 4, []string{`tagged "expect-image" but shows no image`}}, // PNG output removed
		{"missing_expect.ipynb", 3, []string{`expected output "goodbye" is missing`}},    // "goodbye" added to expect
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "scan", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			problems, err := Scan(data)
			if err != nil {
				t.Fatal(err)
			}
			if tt.cell == 0 {
				if len(problems) != 0 {
					t.Fatalf("want no problems, got %v", problems)
				}
				return
			}
			if len(problems) != 1 || problems[0].Cell != tt.cell {
				t.Fatalf("want one problem in cell %d, got %v", tt.cell, problems)
			}
			for _, w := range tt.want {
				if s := problems[0].String(); !strings.Contains(s, w) {
					t.Errorf("problem %q does not contain %q", s, w)
				}
			}
		})
	}
}

func TestScanNotANotebook(t *testing.T) {
	if _, err := Scan([]byte("not json")); err == nil {
		t.Fatal("Scan accepted invalid JSON")
	}
}

func TestLabel(t *testing.T) {
	for src, want := range map[string]string{
		"%%\npanic(1)":                        "panic(1)",
		"import (\n\t\"fmt\"\n)\n\n%%\nf()\n": "f()",
		"import \"fmt\"\n":                    `import "fmt"`,
		"\n  !*go get x\n":                    "!*go get x",
		strings.Repeat("x", 60):               strings.Repeat("x", 47) + "...",
	} {
		if got := label(src); got != want {
			t.Errorf("label(%q) = %q, want %q", src, got, want)
		}
	}
}
