package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCopyNotebooks follows a learner's copies over three runs of the lab
// command: the first copies the course, the learner edits a copy, the
// course changes (a git pull) and gains a notebook; the copy must be kept,
// named as older than the course, and only the new notebook copied.
func TestCopyNotebooks(t *testing.T) {
	root := t.TempDir()
	course, work := filepath.Join(root, "notebooks"), filepath.Join(root, "work")
	write := func(path, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	write(filepath.Join(course, "01_a.ipynb"), "course 01 v1")
	write(filepath.Join(course, "02_b.ipynb"), "course 02 v1")
	write(filepath.Join(course, "wiring_test.go"), "package notebooks")

	var log bytes.Buffer
	if err := copyNotebooks(course, work, &log); err != nil {
		t.Fatal(err)
	}
	if got := read(filepath.Join(work, "01_a.ipynb")); got != "course 01 v1" {
		t.Errorf("first run: copy of 01 = %q", got)
	}
	if _, err := os.Stat(filepath.Join(work, "wiring_test.go")); err == nil {
		t.Error("copied a file that is not a notebook")
	}
	if !strings.Contains(log.String(), "copied 2 notebooks") {
		t.Errorf("first run said %q", log.String())
	}

	write(filepath.Join(work, "01_a.ipynb"), "the learner's 01") // the learner's work
	log.Reset()
	if err := copyNotebooks(course, work, &log); err != nil {
		t.Fatal(err)
	}
	if log.Len() != 0 {
		t.Errorf("a run with nothing new said %q", log.String())
	}

	write(filepath.Join(course, "01_a.ipynb"), "course 01 v2") // git pull
	write(filepath.Join(course, "03_c.ipynb"), "course 03 v1")
	log.Reset()
	if err := copyNotebooks(course, work, &log); err != nil {
		t.Fatal(err)
	}
	if got := read(filepath.Join(work, "01_a.ipynb")); got != "the learner's 01" {
		t.Errorf("the learner's copy was replaced: %q", got)
	}
	if got := read(filepath.Join(work, "03_c.ipynb")); got != "course 03 v1" {
		t.Errorf("new notebook's copy = %q", got)
	}
	for _, want := range []string{"copied 1 notebook ", "01_a.ipynb changed since your copy was made", "rename or delete your copy"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("third run's message lacks %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "02_b.ipynb changed") {
		t.Errorf("an unchanged notebook was reported as changed:\n%s", log.String())
	}
}

func TestWorkPath(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		dir, want, err string
	}{
		{"", filepath.Join(root, "work"), ""},
		{"mine", filepath.Join(root, "mine"), ""},
		{filepath.Join(root, "a", "b"), filepath.Join(root, "a", "b"), ""},
		{"notebooks", "", "that is the course itself"},
		{".", "", "inside the checkout"},
		{"../elsewhere", "", "inside the checkout"},
		{t.TempDir(), "", "inside the checkout"},
	} {
		got, err := workPath(root, tc.dir)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("workPath(%q) = %q, %v; want %q", tc.dir, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("workPath(%q) = %q, %v; want an error saying %q", tc.dir, got, err, tc.err)
		}
	}
}
