package kernel

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/vaelab/govae/internal/repo"
)

// ModulePath is the module path of this repository, the line that
// identifies its go.mod.
const ModulePath = repo.Module

// KernelName is the Jupyter kernel name GoNB installs under ("gonb").
const KernelName = "gonb"

// ErrNotInRepo is returned by [FindRoot] outside a checkout of [ModulePath].
var ErrNotInRepo = errors.New("kernel: not inside a checkout of " + ModulePath)

// FindRoot walks up from dir to the folder whose go.mod declares
// [ModulePath] and returns it as an absolute path. Nested modules such as
// tools/ are skipped. Outside the repository it returns an error wrapping
// [ErrNotInRepo] that tells the user where to run from.
func FindRoot(dir string) (string, error) {
	root, err := repo.Root(dir)
	if errors.Is(err, repo.ErrNotInRepo) {
		abs, _ := filepath.Abs(dir)
		return "", fmt.Errorf("%w: no go.mod declaring module %s in %s or above it.\n"+
			"The commands and notebooks find the repository by walking up from the current folder "+
			"(a notebook: from its own folder). To fix: cd into your clone of the repository, "+
			"or any folder below it, and run the command again", ErrNotInRepo, ModulePath, abs)
	}
	return root, err
}

// binDir returns root/.tools/bin, where gonb, goimports and gopls live.
func binDir(root string) string { return filepath.Join(root, ".tools", "bin") }

// dataDir returns root/.jupyter, the JUPYTER_DATA_DIR holding kernels/gonb.
func dataDir(root string) string { return filepath.Join(root, ".jupyter") }

// SpecPath returns the path of the GoNB kernel.json under root/.jupyter.
func SpecPath(root string) string {
	return filepath.Join(dataDir(root), "kernels", KernelName, "kernel.json")
}

// venvDir returns root/.tools/venv, the optional local Python environment.
func venvDir(root string) string { return filepath.Join(root, ".tools", "venv") }

// LabDir returns root/.jupyter/lab, which holds JupyterLab's user settings
// (user-settings) and workspaces (workspaces) for this checkout.
func LabDir(root string) string { return filepath.Join(dataDir(root), "lab") }

// ConfigDir returns root/kernel/jupyter, which holds the course's Jupyter
// server settings (jupyter_server_config.py: Run All stops at the first
// cell that fails).
func ConfigDir(root string) string { return filepath.Join(root, "kernel", "jupyter") }

// Environ returns base (usually os.Environ()) with what the kernel and
// JupyterLab need: root/.tools/bin (and the venv's bin, if any) first on
// PATH, [ConfigDir] first on JUPYTER_CONFIG_PATH, JUPYTER_DATA_DIR set to
// root/.jupyter, JupyterLab's settings and workspaces in [LabDir]
// (JUPYTERLAB_SETTINGS_DIR, JUPYTERLAB_WORKSPACES_DIR), and
// JUPYTER_PLATFORM_DIRS=1 to quiet jupyter_core.
func Environ(root string, base []string) []string {
	dirs := []string{binDir(root)}
	if fi, err := os.Stat(filepath.Join(venvDir(root), "bin")); err == nil && fi.IsDir() {
		dirs = append(dirs, filepath.Join(venvDir(root), "bin"))
	}
	path := strings.Join(dirs, string(filepath.ListSeparator))
	configPath := ConfigDir(root)
	set := []string{
		"JUPYTER_DATA_DIR=" + dataDir(root),
		"JUPYTER_PLATFORM_DIRS=1",
		"JUPYTERLAB_SETTINGS_DIR=" + filepath.Join(LabDir(root), "user-settings"),
		"JUPYTERLAB_WORKSPACES_DIR=" + filepath.Join(LabDir(root), "workspaces"),
	}
	var env []string
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case k == "PATH":
			if v != "" {
				path += string(filepath.ListSeparator) + v
			}
		case k == "JUPYTER_CONFIG_PATH":
			if v != "" {
				configPath += string(filepath.ListSeparator) + v
			}
		case slices.ContainsFunc(set, func(s string) bool { return strings.HasPrefix(s, k+"=") }):
		default:
			env = append(env, kv)
		}
	}
	return append(append(env, "PATH="+path, "JUPYTER_CONFIG_PATH="+configPath), set...)
}

// lookPathIn is exec.LookPath restricted to the folders of a PATH value.
func lookPathIn(name, pathList string) string {
	for _, d := range filepath.SplitList(pathList) {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// ErrNoGo is returned by [CheckGo] when no go command is on PATH.
var ErrNoGo = errors.New("kernel: no `go` command on PATH")

// CheckGo returns an error wrapping [ErrNoGo] when go is not on PATH. GoNB
// compiles every cell by running the go command it finds on the PATH of the
// process that starts Jupyter, so a Jupyter started without go on its PATH
// fails every cell. The message says how to put go on PATH, naming the Go
// installation that built the running program when there is one.
func CheckGo() error {
	if _, err := exec.LookPath("go"); err == nil {
		return nil
	}
	fix := "install Go 1.26 or newer (https://go.dev/dl), then add its bin folder to PATH"
	if dir := goBinDir(); dir != "" {
		fix = fmt.Sprintf("Go is installed in %s: add it to PATH (export PATH=\"$PATH:%s\")", dir, dir)
	}
	return fmt.Errorf("%w (PATH=%s).\nGoNB compiles every cell with the go command on the PATH of whatever starts "+
		"Jupyter, so go must be on PATH in the shell that runs this command.\n"+
		"To fix: %s, check that `go version` works in that shell, and run the command again", ErrNoGo, os.Getenv("PATH"), fix)
}

// goBinDir returns the bin folder of the Go installation that built this
// program if it still holds a go command, else "". runtime.GOROOT is
// deprecated because that folder may not exist on another machine; here it
// is only a hint, and checked.
func goBinDir() string {
	root := runtime.GOROOT()
	if root == "" {
		return ""
	}
	dir := filepath.Join(root, "bin")
	if fi, err := os.Stat(filepath.Join(dir, "go")); err != nil || fi.IsDir() {
		return ""
	}
	return dir
}
