// Package e2e tests the lessons as a learner meets them: JupyterLab started
// with the README's first command, a notebook run from the menu in a real
// browser (headless Chromium driven by run.mjs through playwright-core), its
// outputs checked on the page. Without Chromium, node, the npm packages or
// Jupyter the test is skipped loudly; with CI set it fails instead.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// notebook is the lesson the test runs: the first, which trains both models.
const notebook = "01_ae_vs_vae.ipynb"

// summary matches the line each training cell prints, e.g. "ae20: AE
// 784-400-20 (bernoulli), trained now; after 3 epochs, test loss 74.45 per
// digit": the page must show it next to a chart.
const summary = `(trained now|loaded from \S+); after \d+ epochs, test loss [0-9.]+ per digit`

func TestLabRunsNotebook(t *testing.T) {
	chromium, node := browserTools(t)
	root, _ := kerneltest.Setup(t) // installs the kernel: the lab command would, less visibly
	if _, err := kernel.FindPython(t.Context(), root, "", kernel.NeedLab); err != nil {
		skipOrFail(t, err)
	}
	nbPath := filepath.Join(root, "notebooks", notebook)
	before, err := os.ReadFile(nbPath)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := expectations(before)
	if err != nil {
		t.Fatal(err)
	}
	url, work := startLab(t, root, "lab-work")
	browse(t, chromium, node, url, map[string]any{"notebook": notebook, "cells": cells, "summary": summary})
	// JupyterLab runs with autosave off; nothing may have written the file.
	if after, err := os.ReadFile(nbPath); err != nil || !bytes.Equal(before, after) {
		t.Errorf("%s changed during the test (err %v): the run must not save the committed notebook", nbPath, err)
	}
	if _, err := os.Stat(filepath.Join(root, "notebooks", ".ipynb_checkpoints")); err == nil {
		t.Errorf("JupyterLab left notebooks/.ipynb_checkpoints behind")
	}
	// What the browser ran was the lab command's copy of the notebook.
	if copied, err := os.ReadFile(filepath.Join(work, notebook)); err != nil || !bytes.Equal(before, copied) {
		t.Errorf("the lab command did not copy %s into %s, or the copy differs (err %v)", notebook, work, err)
	}
}

// TestLabFailures runs, with Run > Run All Cells, notebooks whose fourth
// cell fails, once by a typo (it does not compile) and once at run time:
// the failing cell must show as failed and every later cell stay unrun.
// GoNB itself runs every queued cell whatever happened before; the course's
// Jupyter server settings (kernel/jupyter) stop them. Then notebooks whose
// kernel is restarted, once while a cell runs and once after Run All, and
// whose last cell is then run alone: it must run, fail, and say which cell
// to run first.
func TestLabFailures(t *testing.T) {
	chromium, node := browserTools(t)
	root, _ := kerneltest.Setup(t)
	if _, err := kernel.FindPython(t.Context(), root, "", kernel.NeedLab); err != nil {
		skipOrFail(t, err)
	}
	url, work := startLab(t, root, "lab-failures")
	before := []cellWant{{Index: 2, Texts: []string{"before the failure"}}}
	for _, tc := range []struct {
		notebook string
		args     map[string]any
	}{
		{"stop_compile.ipynb", map[string]any{"cells": before, "stopAt": 3}},
		{"stop_runtime.ipynb", map[string]any{"cells": before, "stopAt": 3}},
		{"restart_busy.ipynb", map[string]any{
			"cells":      []cellWant{},
			"restartRun": map[string]any{"after": 2, "index": 4, "texts": []string{"undefined: greeting", "This kernel has not run cell 3 since it (re)started"}},
		}},
		{"restart.ipynb", map[string]any{
			"cells":      []cellWant{{Index: 3, Texts: []string{"hello from cell 3"}}},
			"restartRun": map[string]any{"index": 3, "texts": []string{"undefined: greeting", "This kernel has not run cell 3 since it (re)started, and it declares greeting", "Run All Above Selected Cell"}},
		}},
	} {
		t.Run(tc.notebook, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.notebook))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work, tc.notebook), data, 0o644); err != nil {
				t.Fatal(err)
			}
			tc.args["notebook"] = tc.notebook
			browse(t, chromium, node, url, tc.args)
		})
	}
}

// browse runs run.mjs in headless Chromium on the lab at url with args
// (see run.mjs) and a screenshot in out/ named after the notebook, and
// fails the test with the problems it reports.
func browse(t *testing.T, chromium, node, url string, args map[string]any) {
	t.Helper()
	out, err := filepath.Abs("out")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(out, strings.TrimSuffix(args["notebook"].(string), ".ipynb")+".png")
	os.Remove(shot)
	// The browser gives up in time for the cleanup to stop Jupyter.
	limit := 20 * time.Minute
	if end, ok := t.Deadline(); ok {
		limit = min(limit, time.Until(end)-time.Minute)
	}
	args["url"], args["chromium"], args["screenshot"], args["timeoutSeconds"] = url, chromium, shot, int(limit.Seconds())
	arg, _ := json.Marshal(args)
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), node, "run.mjs", string(arg))
	cmd.Stdout, cmd.Stderr = kerneltest.LogTo(t, "browser"), kerneltest.LogTo(t, "browser")
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	t.Logf("the browser run took %.0fs", time.Since(start).Seconds())
	if err != nil {
		t.Errorf("node run.mjs: %v (its problems are logged above)", err)
	}
	if _, err := os.Stat(shot); err == nil {
		t.Logf("screenshot: %s", shot)
	} else {
		t.Errorf("no screenshot: %v", err)
	}
}

// cellWant is what run.mjs checks in one cell: "index" counts all cells
// from 0; texts come from the cell's "expect" metadata, image from its
// "expect-image" tag (the rules kernel.Scan applies to saved outputs).
type cellWant struct {
	Index int      `json:"index"`
	Texts []string `json:"texts"`
	Image bool     `json:"image"`
}

// expectations reads the checks of each code cell from the notebook.
func expectations(ipynb []byte) ([]cellWant, error) {
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Metadata struct {
				Tags   []string `json:"tags"`
				Expect []string `json:"expect"`
			} `json:"metadata"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(ipynb, &nb); err != nil {
		return nil, fmt.Errorf("reading %s: %w", notebook, err)
	}
	var wants []cellWant
	for i, c := range nb.Cells {
		img := slices.Contains(c.Metadata.Tags, kernel.TagExpectImage)
		if c.CellType == "code" && (img || len(c.Metadata.Expect) > 0) {
			wants = append(wants, cellWant{i, c.Metadata.Expect, img})
		}
	}
	if len(wants) == 0 {
		return nil, fmt.Errorf("%s has no cell with expectations to check", notebook)
	}
	return wants, nil
}

// startLab runs `go run ./kernel/cmd/lab` from the checkout's root on a free
// loopback port and returns the URL, with its token, that Jupyter prints,
// and the folder of the notebooks' copies it serves, e2e/out/folder (made
// afresh). JupyterLab gets fresh settings that turn off autosave (the copy stays as
// made, to compare with the course), news and update checks (no pop-up in
// the screenshot) and lazy cell rendering (every cell is in the page to check),
// and a fresh folder for workspaces and checkpoints. The server and its
// kernels are stopped when the test ends.
func startLab(t *testing.T, root, folder string) (url, work string) {
	t.Helper()
	tmp := t.TempDir()
	settings := map[string]string{
		"@jupyterlab/docmanager-extension/plugin":     `{"autosave": false}`,
		"@jupyterlab/notebook-extension/tracker":      `{"windowingMode": "none"}`,
		"@jupyterlab/apputils-extension/notification": `{"fetchNews": "false", "checkForUpdates": false}`,
	}
	for name, body := range settings {
		p := filepath.Join(tmp, "settings", filepath.FromSlash(name)+".jupyterlab-settings")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The lab command serves the learner's copies of the notebooks; the
	// test's copies go to a folder of their own inside the checkout, made
	// afresh, so that a learner's work/ is neither used nor touched.
	work = filepath.Join(root, "e2e", "out", folder)
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	url = kerneltest.StartLab(t, root, nil, 10*time.Minute, "-dir", work, "--", // the first run compiles the kernel's tools
		"--LabApp.expose_app_in_browser=True", // run.mjs reads the kernel's state from it
		"--LabApp.user_settings_dir="+filepath.Join(tmp, "settings"),
		"--LabApp.workspaces_dir="+filepath.Join(tmp, "workspaces"),
		"--FileCheckpoints.checkpoint_dir="+filepath.Join(tmp, "checkpoints"))
	return url, work
}

// browserTools returns Chromium and node, and checks that `npm ci` has
// installed playwright-core here; otherwise it skips or fails the test.
func browserTools(t *testing.T) (chromium, node string) {
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	var missing []string
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, fmt.Sprintf("no Chromium at %s (apt-get install chromium, or set CHROMIUM)", chromium))
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "no node on PATH (Node.js 20 or newer)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "no node_modules/playwright-core (run `npm ci` in e2e/)")
	}
	if len(missing) > 0 {
		skipOrFail(t, fmt.Errorf("%s; .ci/run installs all of these", strings.Join(missing, "; ")))
	}
	return chromium, node
}

// skipOrFail skips with a banner, or fails under CI (see kerneltest.InCI).
func skipOrFail(t *testing.T, err error) {
	t.Helper()
	if kerneltest.InCI() {
		t.Fatalf("cannot run the browser test (CI=%q, so this is an error): %v", os.Getenv("CI"), err)
	}
	banner := strings.Repeat("!", 72)
	msg := fmt.Sprintf("\n%s\nBROWSER TEST NOT RUN: %v\n(with CI=1 this is a failure)\n%s", banner, err, banner)
	fmt.Fprintln(os.Stderr, msg)
	t.Skip(msg)
}
