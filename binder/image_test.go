// Package binder holds the course's image for a class (Dockerfile, built
// by BinderHub's repo2docker or by hand for JupyterHub) and the Python
// packages the servers those start need (requirements.txt). No container
// can be built where the tests run, so the tests hold the image's files to
// what the rest of the checkout does: the environment the lab command
// gives Jupyter, the install script CI runs, the pins the lab installs.
package binder_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
)

// home is where the Dockerfile puts the checkout.
const home = "${HOME}/govae"

// dockerfile returns the Dockerfile's instructions, continuation lines
// joined and comments dropped, as [instruction, arguments] pairs.
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	var cur string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutSuffix(line, `\`); ok {
			cur += rest + " "
			continue
		}
		cur += line
		inst, args, _ := strings.Cut(cur, " ")
		out = append(out, [2]string{strings.ToUpper(inst), strings.TrimSpace(args)})
		cur = ""
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImageEnvironment holds the image's ENV to kernel.Environ: the
// servers Binder and JupyterHub start must find the venv's Jupyter, the
// kernel's tools, the GoNB kernel and JupyterLab's settings where the lab
// command puts them.
func TestImageEnvironment(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".tools", "venv", "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, kv := range kernel.Environ(root, []string{"PATH=${PATH}"}) {
		k, v, _ := strings.Cut(kv, "=")
		want[k] = strings.ReplaceAll(v, root, home)
	}
	got := map[string]string{}
	assign := regexp.MustCompile(`(\w+)=(\S+)`)
	var workdir, cmd string
	for _, in := range dockerfile(t) {
		switch in[0] {
		case "ENV":
			for _, m := range assign.FindAllStringSubmatch(in[1], -1) {
				got[m[1]] = m[2]
			}
		case "WORKDIR":
			workdir = in[1]
		case "CMD":
			cmd = in[1]
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("the Dockerfile sets %s=%q; the lab command gives Jupyter %s=%q", k, got[k], k, v)
		}
	}
	if workdir != home+"/work" {
		t.Errorf("the last WORKDIR is %q, not the learner's copies %s/work", workdir, home)
	}
	if !strings.Contains(cmd, "default_kernel_name="+kernel.KernelName) {
		t.Errorf("CMD %s does not make %q the default kernel", cmd, kernel.KernelName)
	}
}

// TestImageRunsTheInstallScript checks that the image and CI install
// through the same script: the Dockerfile runs .ci/install --image, and
// .ci/run runs .ci/install.
func TestImageRunsTheInstallScript(t *testing.T) {
	var runs []string
	for _, in := range dockerfile(t) {
		if in[0] == "RUN" {
			runs = append(runs, in[1])
		}
	}
	if !slices.ContainsFunc(runs, func(r string) bool { return strings.HasPrefix(r, ".ci/install --image") }) {
		t.Errorf("the Dockerfile does not RUN .ci/install --image; its RUNs: %q", runs)
	}
	ci, err := os.ReadFile(filepath.Join("..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\.ci/install\b`).Match(ci) {
		t.Errorf(".ci/run does not run .ci/install:\n%s", ci)
	}
	script, err := os.ReadFile(filepath.Join("..", ".ci", "install"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"binder/requirements.txt", "go run ./kernel/cmd/lab -install", "go run ./kernel/cmd/nbrun notebooks/*.ipynb"} {
		if !strings.Contains(string(script), want) {
			t.Errorf(".ci/install lacks %q", want)
		}
	}
}

// TestRequirementsPinned checks that the servers' packages are pinned like
// kernel/requirements.txt, and that the build leaves the machine's own
// installs out of the image.
func TestRequirementsPinned(t *testing.T) {
	data, err := os.ReadFile("requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	pinned := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, version, ok := strings.Cut(line, "==")
		if !ok || version == "" {
			t.Errorf("requirements.txt: %q is not pinned with ==", line)
		}
		pinned[name] = true
	}
	for _, want := range []string{"jupyterhub", "notebook"} {
		if !pinned[want] {
			t.Errorf("requirements.txt does not pin %s", want)
		}
	}
	ignore, err := os.ReadFile(filepath.Join("..", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(ignore), "\n")
	for _, want := range []string{".tools", ".jupyter", ".models", "work", "e2e/node_modules"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}
