package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vaelab/govae/kernel"
)

// workDir is where the learner's copies of the notebooks live by default,
// relative to the checkout; .gitignore lists it.
const workDir = "work"

// copiesFile, in the work folder, records for each copy the digest of the
// course notebook it was made from, so that a later run can tell when the
// course changed underneath it.
const copiesFile = ".copied-from.json"

// workPath returns the absolute work folder for dir (relative to the
// checkout, or absolute). It must be inside the checkout, because each
// notebook's first cell finds the library by walking up from its folder
// to go.mod, and it must not be notebooks/ itself.
func workPath(root, dir string) (string, error) {
	if dir == "" {
		dir = workDir
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	dir = filepath.Clean(dir)
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("-dir %s: the notebooks' copies must be in a folder inside the checkout %s "+
			"(their first cell finds the library from there); leave -dir out to use %s", dir, root, workDir)
	}
	if rel == "notebooks" {
		return "", fmt.Errorf("-dir %s: that is the course itself; your copies go elsewhere so that the course stays as published "+
			"(leave -dir out to use %s)", dir, workDir)
	}
	return dir, nil
}

// copyNotebooks copies each notebook of course that work lacks into work,
// never replacing a file there, and reports on log what it copied and
// which course notebooks changed since their copy was made.
func copyNotebooks(course, work string, log io.Writer) error {
	names, err := filepath.Glob(filepath.Join(course, "*.ipynb"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("lab: no notebooks in %s (%v): is this a complete checkout?", course, err)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("lab: making the folder for your copies: %w", err)
	}
	record := map[string]string{}
	recordPath := filepath.Join(work, copiesFile)
	if data, err := os.ReadFile(recordPath); err == nil {
		// A damaged record only costs the "changed since" notes.
		if json.Unmarshal(data, &record) != nil {
			record = map[string]string{}
		}
	}
	var copied, changed []string
	for _, src := range names {
		name := filepath.Base(src)
		data, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("lab: reading the course notebook: %w", err)
		}
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		dst := filepath.Join(work, name)
		switch _, err := os.Stat(dst); {
		case errors.Is(err, fs.ErrNotExist):
			if err := writeNew(dst, data); err != nil {
				return err
			}
			record[name] = digest
			copied = append(copied, name)
		case err != nil:
			return fmt.Errorf("lab: looking at your copy: %w", err)
		case record[name] != "" && record[name] != digest:
			changed = append(changed, name)
		}
	}
	if len(copied) > 0 {
		data, _ := json.MarshalIndent(record, "", " ")
		if err := os.WriteFile(recordPath, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("lab: writing %s: %w", recordPath, err)
		}
		fmt.Fprintf(log, "lab: copied %s into %s: you work in these copies; %s keeps the course as published\n",
			plural(len(copied), "notebook"), work, course)
	}
	slices.Sort(changed)
	for _, name := range changed {
		fmt.Fprintf(log, "lab: %s changed since your copy was made (a git pull?). Your copy %s is kept; "+
			"to start over from the new version, rename or delete your copy and run this command again.\n",
			filepath.Join(course, name), filepath.Join(work, name))
	}
	return nil
}

// writeNew writes data to a file that must not exist yet, so that a copy
// made at the same moment by another run is never overwritten.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("lab: writing %s: %w", path, err)
	}
	return f.Close()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// labDefaults are JupyterLab settings the course starts with: no news
// pop-up and no update check (the course pins its JupyterLab). They are
// written only where the file is missing, so a learner's own changes to
// these settings stay.
var labDefaults = map[string]string{
	"@jupyterlab/apputils-extension/notification": `{"fetchNews": "false", "checkForUpdates": false}`,
}

// writeLabDefaults puts labDefaults into JupyterLab's settings folder for
// this checkout, where kernel.Environ points JupyterLab.
func writeLabDefaults(root string) error {
	dir := filepath.Join(kernel.LabDir(root), "user-settings")
	for name, body := range labDefaults {
		p := filepath.Join(dir, filepath.FromSlash(name)+".jupyterlab-settings")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("lab: making the settings folder: %w", err)
		}
		if err := writeNew(p, []byte(body+"\n")); err != nil {
			return err
		}
	}
	return nil
}
