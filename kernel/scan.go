package kernel

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
)

// Tags and metadata read by [Scan]; see the package doc.
const (
	TagExpectImage     = "expect-image"     // the cell must show an image
	tagRaisesException = "raises-exception" // the cell may fail on purpose
	metaExpect         = "expect"           // substrings the cell's text outputs must contain
)

// Problem is one failed check in one cell of an executed notebook.
type Problem struct {
	Cell    int    // position among all cells, from 1; 0 for the notebook as a whole
	Label   string // the cell's first line of source
	Message string // what went wrong, quoting the output
}

// String returns e.g. `cell 3 (train(m)): failed (stderr): panic: boom`.
func (p Problem) String() string {
	if p.Cell == 0 {
		return p.Message
	}
	return fmt.Sprintf("cell %d (%s): %s", p.Cell, p.Label, p.Message)
}

// text is an nbformat multiline string: one string or a list of strings.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		parts = []string{s}
	}
	*t = text(strings.Join(parts, ""))
	return nil
}

type nbCell struct {
	CellType string `json:"cell_type"`
	Source   text   `json:"source"`
	Metadata struct {
		Tags   []string `json:"tags"`
		Expect []string `json:"expect"`
	} `json:"metadata"`
	Outputs []struct {
		OutputType string                     `json:"output_type"`
		Name       string                     `json:"name"`
		Text       text                       `json:"text"`
		Data       map[string]json.RawMessage `json:"data"`
		Ename      string                     `json:"ename"`
		Evalue     string                     `json:"evalue"`
		Traceback  []string                   `json:"traceback"`
	} `json:"outputs"`
}

type notebook struct {
	Cells []nbCell `json:"cells"`
}

var (
	failLine = regexp.MustCompile(`exit status \d+|panic:`)
	// exitError is the error output GoNB (from v0.11.4) adds when a cell's
	// program exits with an error, beside the stderr that failLine finds.
	exitError = regexp.MustCompile(`^\w+: (exit status \d+|signal: \w+)$`)
	ansi      = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	markup    = regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>|\x1b\[[0-9;]*m`)
)

// plain strips HTML, styles and terminal colours from s and drops blank lines.
func plain(s string) string {
	var keep []string
	for _, l := range strings.Split(html.UnescapeString(markup.ReplaceAllString(s, "")), "\n") {
		if strings.TrimSpace(l) != "" {
			keep = append(keep, strings.TrimRight(l, " \t"))
		}
	}
	return strings.Join(keep, "\n")
}

// Scan checks the outputs of an executed notebook (.ipynb JSON) with the
// rules of the package doc and returns the problems found, in cell order.
// Unexecuted cells pass unless they expect something. The error is for
// JSON that is not a notebook.
func Scan(ipynb []byte) ([]Problem, error) {
	var nb notebook
	if err := json.Unmarshal(ipynb, &nb); err != nil {
		return nil, fmt.Errorf("kernel: not a notebook: %w", err)
	}
	var problems []Problem
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		add := func(format string, args ...any) {
			problems = append(problems, Problem{i + 1, label(string(c.Source)), fmt.Sprintf(format, args...)})
		}
		mayFail := slices.Contains(c.Metadata.Tags, tagRaisesException)
		var errors []string
		var all, stderr, htmlText strings.Builder
		image := false
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				if !mayFail {
					errors = append(errors, fmt.Sprintf("%s: %s", o.Ename, plain(o.Evalue)))
				}
			case "stream":
				all.WriteString(string(o.Text))
				if o.Name == "stderr" {
					stderr.WriteString(string(o.Text))
				}
			case "display_data", "execute_result", "update_display_data":
				for mime, raw := range o.Data {
					var v text
					if strings.HasPrefix(mime, "text/") && json.Unmarshal(raw, &v) == nil {
						all.WriteString(string(v))
					}
					if mime == "text/html" {
						htmlText.WriteString(string(v))
					}
					html := mime == "text/html" && (strings.Contains(string(v), "<svg") || strings.Contains(string(v), "<img"))
					image = image || html || strings.HasPrefix(mime, "image/")
				}
			}
		}
		bad := failLines(stderr.String())
		for _, e := range errors {
			if bad != "" && exitError.MatchString(e) {
				continue // a failed run, which stderr's lines below say more about
			}
			add("error output %s\n%s", e, clip(plain(htmlText.String()), 20)) // GoNB shows compiler messages as HTML beside the error
		}
		if bad != "" && !mayFail {
			add("failed (stderr):\n%s", bad)
		}
		for _, want := range c.Metadata.Expect {
			if !strings.Contains(all.String(), want) {
				add("expected output %q is missing", want)
			}
		}
		if slices.Contains(c.Metadata.Tags, TagExpectImage) && !image {
			add("tagged %q but shows no image (image/* or HTML with <svg or <img)", TagExpectImage)
		}
	}
	return problems, nil
}

// failLines returns stderr's lines from the first `panic:` or `exit status N`
// on, clipped, or "" when there is none.
func failLines(stderr string) string {
	lines := strings.Split(ansi.ReplaceAllString(stderr, ""), "\n")
	for i, l := range lines {
		if failLine.MatchString(l) {
			return clip(strings.Join(lines[i:], "\n"), 12)
		}
	}
	return ""
}

// clip keeps the first n lines of s, indented, for messages.
func clip(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return "    " + strings.Join(lines, "\n    ")
}

// label returns a cell's first line of source that is not an import, a
// comment, a bare %% or the gonbui.Sync boilerplate, shortened, to name the
// cell in messages.
func label(src string) string {
	first, inImport := "", false
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if first == "" {
			first = l
		}
		switch {
		case inImport:
			inImport = l != ")"
		case l == "import (":
			inImport = true
		case strings.HasPrefix(l, "import "), l == "%%", strings.HasPrefix(l, "//"),
			strings.HasPrefix(l, "defer gonbui.Sync()"):
		default:
			return shorten(l)
		}
	}
	return shorten(first)
}

func shorten(l string) string {
	if r := []rune(l); len(r) > 50 {
		return string(r[:47]) + "..."
	}
	return l
}
