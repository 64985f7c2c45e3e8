package kernel

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// BinDir returns root/.tools/bin, where gonb, goimports and gopls live.
func BinDir(root string) string { return filepath.Join(root, ".tools", "bin") }

// DataDir returns root/.jupyter, the JUPYTER_DATA_DIR holding kernels/gonb.
func DataDir(root string) string { return filepath.Join(root, ".jupyter") }

// SpecPath returns the path of the GoNB kernel.json under [DataDir].
func SpecPath(root string) string {
	return filepath.Join(DataDir(root), "kernels", KernelName, "kernel.json")
}

// venvDir returns root/.tools/venv, the optional local Python environment.
func venvDir(root string) string { return filepath.Join(root, ".tools", "venv") }

// Environ returns base (usually os.Environ()) with what the kernel needs:
// [BinDir] (and the venv's bin, if any) first on PATH, JUPYTER_DATA_DIR set
// to [DataDir], and JUPYTER_PLATFORM_DIRS=1 to quiet jupyter_core.
func Environ(root string, base []string) []string {
	dirs := []string{BinDir(root)}
	if fi, err := os.Stat(filepath.Join(venvDir(root), "bin")); err == nil && fi.IsDir() {
		dirs = append(dirs, filepath.Join(venvDir(root), "bin"))
	}
	path := strings.Join(dirs, string(filepath.ListSeparator))
	var env []string
	for _, kv := range base {
		switch {
		case strings.HasPrefix(kv, "PATH="):
			if old := kv[len("PATH="):]; old != "" {
				path += string(filepath.ListSeparator) + old
			}
		case strings.HasPrefix(kv, "JUPYTER_DATA_DIR="), strings.HasPrefix(kv, "JUPYTER_PLATFORM_DIRS="):
		default:
			env = append(env, kv)
		}
	}
	return append(env, "PATH="+path, "JUPYTER_DATA_DIR="+DataDir(root), "JUPYTER_PLATFORM_DIRS=1")
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
