package notebooks

import (
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A number a notebook's Markdown quotes is either a setting the learner can
// see in the notebook's code (epochs = 10, β = 8), a fact of the data that
// does not depend on any run (the list below), or a result, which must be
// printed by one of the notebook's cells: found in its outputs, rounded as
// quoted. "about 35 nats" is right when a cell prints 34.54 and wrong when
// it prints 35.61. So re-running a notebook without re-reading its prose
// fails a test, and prose that quotes too many digits for a run on another
// CPU to reproduce fails the fresh run of TestNotebooks.

// quote is one number in a Markdown cell.
type quote struct {
	text     string  // as written, e.g. "−614.1" or "60,000"
	value    float64 // its value
	decimals int     // digits after the point: how it was rounded (−1: to tens)
	context  string  // the words around it, for the report
}

// unit is the last quoted digit's place value: 1 for "35", 0.1 for "99.8".
func (q quote) unit() float64 { return math.Pow(10, -float64(q.decimals)) }

// roundsTo reports whether x, rounded as q is written, is q.
func (q quote) roundsTo(x float64) bool {
	return math.Abs(x-q.value) <= q.unit()/2*(1+1e-9)
}

// facts are numbers that no run changes: the data's shapes and counts.
// A Markdown cell may list more in its metadata, each with the reason no
// run changes it: "facts": {"2.3": "log 10 = 2.3026"}.
var facts = map[string]string{
	"10":     "the classes of MNIST digits",
	"28":     "the side of an MNIST digit, in pixels",
	"784":    "pixels of an MNIST digit",
	"255":    "the largest value of an MNIST pixel",
	"60,000": "MNIST training digits",
	"10,000": "MNIST test digits",
	"70,000": "MNIST digits",
}

var (
	// mdNumber is a number as prose writes it: a sign (− or -) only where
	// no word or digit precedes it, thousands separated by commas.
	mdNumber = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.])([−+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?`)
	// skipped: fenced code, inline code, HTML tags and entities, link
	// targets, notebook and section references, years of citations,
	// the run times the Markdown gives for slow cells, list numbers.
	skipped = []*regexp.Regexp{
		regexp.MustCompile("(?s)```.*?```"),
		regexp.MustCompile("`[^`\n]*`"),
		regexp.MustCompile(`<[^>\n]*>|&#?\w+;`),
		regexp.MustCompile(`\]\([^)\s]*\)`),
		regexp.MustCompile(`(?i)(?:\b(?:notebooks?|lessons?|sections?|exercises?|questions?)\s*|§\s*)\d+(?:\s*(?:[–-]|and|,|or)\s*\d+)*`),
		regexp.MustCompile(`\^\{?[−-]?\d+\}?`),                                                     // an order of magnitude, 10^{-6}
		regexp.MustCompile(`(?:^|[^.\d])0\d\b`),                                                    // a notebook's number, as in "07 explains"
		regexp.MustCompile(`(?:\(|al\.,?\s+|\b\p{Lu}\p{Ll}+,?\s+|["*]?,\s+)(?:19|20)\d\d[a-z]?\b`), // (2018, Welling 2014, al., 2008
		regexp.MustCompile(`(?i)(?:about|under|over|roughly|some)\s+\d+(?:\s*[–-]\s*\d+)?\s*(?:s|seconds?|min|minutes?)\s+on\s+2\s+cores`),
		regexp.MustCompile(`(?m)^\s*\d+\.\s`),
	}
)

// approx ends the words before a number rounded to its last non-zero digit.
var approx = regexp.MustCompile(`(?i)(?:about|around|near|nearly|roughly|some|~|≈|\\approx)\s*(?:step\s+)?$`)

// markdownQuotes returns the numbers quoted in a Markdown cell's prose.
func markdownQuotes(md string) []quote {
	for _, re := range skipped {
		md = re.ReplaceAllStringFunc(md, func(s string) string { return strings.Repeat(" ", len(s)) })
	}
	var out []quote
	for _, m := range mdNumber.FindAllStringSubmatchIndex(md, -1) {
		sign, whole := md[m[2]:m[3]], md[m[4]:m[5]]
		frac := ""
		if m[6] >= 0 {
			frac = md[m[6]:m[7]]
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(whole, ",", "")+frac, 64)
		if err != nil {
			continue
		}
		if sign == "−" || sign == "-" {
			v = -v
		}
		dec := 0
		if frac != "" {
			dec = len(frac) - 1
		} else if approx.MatchString(md[:m[2]]) {
			// "about 550" is 550 rounded to tens, "about 100" to hundreds.
			for t := strings.ReplaceAll(whole, ",", ""); len(t) > 1 && strings.HasSuffix(t, "0"); t = t[:len(t)-1] {
				dec--
			}
		}
		lo, hi := max(0, m[0]-40), min(len(md), m[1]+40)
		out = append(out, quote{
			text: md[m[2]:m[1]], value: v, decimals: dec,
			context: strings.Join(strings.Fields(md[lo:hi]), " "),
		})
	}
	return out
}

// outNumber is a number as Go's fmt prints it.
var outNumber = regexp.MustCompile(`[−-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?`)

// duration is a time an output prints, "2.72s" or "10.5 s": it changes
// from run to run, so no quote may lean on it.
var duration = regexp.MustCompile(`\d+(?:\.\d+)?\s?(?:s|ms|µs)\b`)

// numbersIn returns the numbers in text, except durations.
func numbersIn(text string) []float64 {
	var out []float64
	text = duration.ReplaceAllString(text, " ")
	for _, s := range outNumber.FindAllString(strings.ReplaceAll(text, "−", "-"), -1) {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			out = append(out, v, math.Abs(v)) // "−614" may be quoted as "614 below"
		}
	}
	return out
}

// codeNumbers returns the numeric literals of a Go cell, and of the
// numbers its strings hold; "%%" and "!" lines are GoNB's, not Go.
func codeNumbers(src string) []float64 {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			continue
		}
		lines = append(lines, l)
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	b := []byte(strings.Join(lines, "\n"))
	s.Init(fset.AddFile("cell.go", -1, len(b)), b, nil, 0)
	var out []float64
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		switch tok {
		case token.INT, token.FLOAT:
			if v, err := strconv.ParseFloat(strings.ReplaceAll(lit, "_", ""), 64); err == nil {
				out = append(out, v)
			}
		case token.STRING:
			out = append(out, numbersIn(lit)...)
		}
	}
}

// cellOutputs returns the text of a code cell's outputs, HTML stripped.
func cellOutputs(c *cell) string {
	var b strings.Builder
	outputs, _ := c.raw["outputs"].([]any)
	for _, o := range outputs {
		om, _ := o.(map[string]any)
		b.WriteString(joinText(om["text"]))
		if data, ok := om["data"].(map[string]any); ok {
			if h := joinText(data["text/html"]); strings.Contains(h, "<b>training ") {
				continue // live progress: shown only when the model trains, not when it loads
			}
			for mime, v := range data {
				if strings.HasPrefix(mime, "text/") {
					b.WriteString(html.UnescapeString(tags.ReplaceAllString(joinText(v), " ")))
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

var tags = regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>`)

// joinText returns an nbformat multiline string as one string.
func joinText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var s strings.Builder
		for _, p := range t {
			ps, _ := p.(string)
			s.WriteString(ps)
		}
		return s.String()
	}
	return ""
}

// unsupported returns the quotes of a notebook's Markdown that are neither
// settings in its code, facts, nor found in its outputs by match, and the
// outputs' numbers for further checks.
func unsupported(nbJSON []byte, match func(q quote, outputs []float64) bool) ([]quote, error) {
	var nb map[string]any
	if err := json.Unmarshal(nbJSON, &nb); err != nil {
		return nil, err
	}
	cells := readCells(nb)
	settings := map[float64]bool{}
	var outputs []float64
	for _, c := range cells {
		if c.typ != "code" {
			continue
		}
		for _, v := range codeNumbers(c.source) {
			settings[v] = true
		}
		outputs = append(outputs, numbersIn(cellOutputs(c))...)
	}
	var bad []quote
	for _, c := range cells {
		if c.typ != "markdown" {
			continue
		}
		cellFacts := map[string]any{}
		if md, ok := c.raw["metadata"].(map[string]any); ok {
			cellFacts, _ = md["facts"].(map[string]any)
		}
		for f, why := range cellFacts {
			if w, _ := why.(string); w == "" || !strings.Contains(c.source, f) {
				return nil, fmt.Errorf("the fact %q listed in a Markdown cell's metadata needs a reason and must occur in the cell", f)
			}
		}
		for _, q := range markdownQuotes(c.source) {
			bare := strings.TrimLeft(q.text, "−+-")
			if settings[q.value] || settings[-q.value] || facts[bare] != "" || cellFacts[bare] != nil {
				continue
			}
			if !match(q, outputs) {
				bad = append(bad, q)
			}
		}
	}
	return bad, nil
}

// saved: a quote is right if a saved output rounds to it.
func saved(q quote, outputs []float64) bool {
	for _, o := range outputs {
		if q.roundsTo(o) {
			return true
		}
	}
	return false
}

// rerun: on a fresh run, on whatever CPU, an output may have moved by up to
// one unit of the quote's last digit; more than that, and the prose quotes
// more digits than a run reproduces.
func rerun(q quote, outputs []float64) bool {
	for _, o := range outputs {
		if math.Abs(o-q.value) <= q.unit()*(1+1e-9) {
			return true
		}
	}
	return false
}

// report lists bad quotes one per line.
func report(bad []quote) string {
	var b strings.Builder
	for _, q := range bad {
		fmt.Fprintf(&b, "\n\t%q in %q", q.text, q.context)
	}
	return b.String()
}

// TestNumbersInMarkdownAreOutputs checks every committed notebook: each
// number its Markdown quotes is a setting in its code, a fact of the data,
// or one of its saved outputs, rounded as quoted.
func TestNumbersInMarkdownAreOutputs(t *testing.T) {
	paths, _ := filepath.Glob("*.ipynb")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bad, err := unsupported(src, saved)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(bad) > 0 {
			t.Errorf("%s: %d numbers in the Markdown are not settings in the code nor printed by a cell (rounded as quoted):%s", p, len(bad), report(bad))
		}
	}
}

// TestQuotesCatchADriftedNumber checks the checker on a small notebook:
// the prose as written passes, and each drifted number is caught.
func TestQuotesCatchADriftedNumber(t *testing.T) {
	nb := func(md string, facts map[string]string) []byte {
		b, err := json.Marshal(map[string]any{"cells": []any{
			map[string]any{"cell_type": "code", "metadata": map[string]any{}, "source": "const beta = 8\n%%\nfmt.Println(loss(beta))",
				"outputs": []any{map[string]any{"output_type": "stream", "name": "stdout", "text": []string{"test loss 34.54 per digit\n", "AUC 0.9987, step 97\n"}}}},
			map[string]any{"cell_type": "markdown", "metadata": map[string]any{"facts": facts}, "source": md},
		}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const good = "At β = 8 (Kingma & Welling 2014; notebook 07) the loss is about 35 nats, 34.5 to one place, on 10,000 digits; " +
		"the AUC is 0.999 and the KL dips from about step 100; $\\log 10 \\approx 2.3$; `x := 123`; the cell takes about 20 s on 2 cores."
	facts := map[string]string{"2.3": "log 10 = 2.303"}
	tests := []struct {
		name, md string
		bad      []string // quotes caught against the saved outputs
		badRerun []string // quotes caught against a fresh run's
	}{
		{"as written", good, nil, nil},
		{"a loss re-run and not re-read", strings.Replace(good, "about 35", "about 37", 1), []string{"37"}, []string{"37"}},
		{"one digit too many", strings.Replace(good, "34.5 to", "34.55 to", 1), []string{"34.55"}, nil},
		{"rounded the wrong way", strings.Replace(good, "0.999", "0.998", 1), []string{"0.998"}, nil},
		{"a reading of a chart", strings.Replace(good, "about step 100", "about step 270", 1), []string{"270"}, []string{"270"}},
		{"a setting changed", strings.Replace(good, "β = 8", "β = 4", 1), []string{"4"}, []string{"4"}},
	}
	for _, tc := range tests {
		for _, check := range []struct {
			match func(quote, []float64) bool
			want  []string
		}{{saved, tc.bad}, {rerun, tc.badRerun}} {
			got, err := unsupported(nb(tc.md, facts), check.match)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, q := range got {
				texts = append(texts, q.text)
			}
			if strings.Join(texts, " ") != strings.Join(check.want, " ") {
				t.Errorf("%s: caught %q, want %q", tc.name, texts, check.want)
			}
		}
	}
	if _, err := unsupported(nb(good, map[string]string{"2.4": "log 10"}), saved); err == nil {
		t.Error("a fact listed in the metadata but absent from the cell was accepted")
	}
}
