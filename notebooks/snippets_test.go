package notebooks

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlock matches a fenced Go code block in a Markdown cell.
var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// TestCodeInMarkdownIsTheLibrarysCode checks that every line of Go shown in
// a notebook's Markdown (an excerpt of the library, quoted to explain it)
// is a line of the repository's Go source, so the text cannot drift from
// the code it quotes.
func TestCodeInMarkdownIsTheLibrarysCode(t *testing.T) {
	source := map[string]bool{}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(b), "\n") {
			source[strings.TrimSpace(l)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("*.ipynb")
	quoted := 0
	for _, p := range paths {
		var nb struct {
			Cells []struct {
				Type     string   `json:"cell_type"`
				Source   []string `json:"source"`
				Metadata struct {
					Solution string `json:"solution"`
				} `json:"metadata"`
			} `json:"cells"`
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for i, c := range nb.Cells {
			if c.Type != "markdown" || c.Metadata.Solution != "" {
				continue // a solution is the learner's code, not a quote
			}
			for _, m := range goBlock.FindAllStringSubmatch(strings.Join(c.Source, ""), -1) {
				for _, l := range strings.Split(m[1], "\n") {
					if l = strings.TrimSpace(l); l == "" {
						continue
					}
					quoted++
					if !source[l] {
						t.Errorf("%s cell %d quotes %q, which is no line of the repository's Go source", p, i+1, l)
					}
				}
			}
		}
	}
	t.Logf("%d quoted lines checked", quoted)
}
