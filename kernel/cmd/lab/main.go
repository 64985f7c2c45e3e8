// Command lab sets up this checkout for the lessons and opens JupyterLab on
// the learner's copies of them.
//
// Usage, from anywhere in the checkout:
//
//	go run ./kernel/cmd/lab [-port 8888] [-ip 127.0.0.1] [-no-browser] [-dir work] [-- jupyter flags]
//	go run ./kernel/cmd/lab -install   # set up or repair everything, then exit
//	go run ./kernel/cmd/lab -venv      # (re)make .tools/venv with the pinned Jupyter first
//
// On the first run it installs what the notebooks need, inside the
// checkout: the pinned GoNB kernel and Go tools (.tools/bin, .jupyter) and,
// when no Python on the machine has Jupyter, a virtual environment with
// the pinned JupyterLab (.tools/venv). Later runs only check them.
//
// The learner works in copies: each notebook of notebooks/ is copied into
// -dir (work/, ignored by git) when it is not there yet, and JupyterLab
// opens on that folder. What the learner writes and saves stays in the
// copies, the committed notebooks stay as published, and `git pull` keeps
// working; a course notebook that changed since its copy was made is
// named, and the copy kept.
//
// Jupyter runs with JUPYTER_DATA_DIR=.jupyter and .tools/bin first on PATH,
// and with JupyterLab's settings and workspaces in .jupyter/lab (where the
// course turns JupyterLab's news off), so nothing outside the checkout is
// touched. Without jupyterlab it falls back to
// Debian's classic notebook server. Ctrl-C stops it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/vaelab/govae/kernel"
)

func main() {
	port := flag.Int("port", 0, "port for Jupyter (0: Jupyter's default, 8888 or the next free one)")
	ip := flag.String("ip", "127.0.0.1", "address to listen on")
	noBrowser := flag.Bool("no-browser", false, "do not open a browser")
	installOnly := flag.Bool("install", false, "set up (Jupyter, the kernel, your copies of the notebooks) or repair, then exit")
	venv := flag.Bool("venv", false, "(re)make .tools/venv with the pinned Jupyter first, even if a Jupyter is installed")
	python := flag.String("python", "", "Python interpreter with Jupyter (default: .tools/venv, then python3, else a new .tools/venv)")
	dir := flag.String("dir", workDir, "folder of the checkout that holds your copies of the notebooks")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./kernel/cmd/lab [flags] [-- jupyter lab flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	err := run(options{*port, *ip, *noBrowser, *installOnly, *venv, *python, *dir}, flag.Args())
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "lab:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	port        int
	ip          string
	noBrowser   bool
	installOnly bool
	venv        bool
	python      string
	dir         string // the learner's copies, relative to the checkout
}

func run(o options, extra []string) error {
	ctx := context.Background()
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := kernel.FindRoot(wd)
	if err != nil {
		return err
	}
	if err := kernel.CheckGo(); err != nil {
		return err
	}
	work, err := workPath(root, o.dir)
	if err != nil {
		return err
	}
	if o.venv {
		if err := kernel.MakeVenv(ctx, root, o.python, os.Stderr); err != nil {
			return err
		}
		o.python = ""
	}
	// Jupyter first: without it the kernel's install, which can take
	// minutes the first time, would be of no use yet.
	py, err := findOrMakeJupyter(ctx, root, o.python)
	if err != nil {
		return err
	}
	if err := kernel.Install(ctx, root, os.Stderr); err != nil {
		return err
	}
	if err := copyNotebooks(filepath.Join(root, "notebooks"), work, os.Stderr); err != nil {
		return err
	}
	if err := writeLabDefaults(root); err != nil {
		return err
	}
	if o.installOnly {
		fmt.Printf("lab: ready: Jupyter in %s, kernel %q in %s, your notebooks in %s\n", py, kernel.KernelName, kernel.SpecPath(root), work)
		return nil
	}
	app := "jupyterlab"
	if exec.CommandContext(ctx, py, "-c", "import jupyterlab").Run() != nil {
		app = "notebook" // Debian's jupyter-notebook package
		fmt.Fprintln(os.Stderr, "lab: jupyterlab not found, using the classic notebook server")
	}
	args := []string{"-m", app, "--ip=" + o.ip, "--MappingKernelManager.default_kernel_name=" + kernel.KernelName}
	if o.port != 0 {
		args = append(args, "--port="+strconv.Itoa(o.port))
	}
	if o.noBrowser {
		args = append(args, "--no-browser")
	}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root") // containers and CI machines run as root
	}
	cmd := exec.Command(py, append(args, extra...)...)
	cmd.Dir = work
	cmd.Env = kernel.Environ(root, os.Environ())
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	fmt.Fprintf(os.Stderr, "lab: starting %s on %s (Ctrl-C to stop)\n", app, cmd.Dir)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", app, err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sig {
			cmd.Process.Signal(s) // a terminal's Ctrl-C reaches Jupyter too: two mean "quit now"
		}
	}()
	return cmd.Wait()
}

// findOrMakeJupyter returns the Python to run Jupyter with. When none has
// Jupyter and none was named, it makes .tools/venv with the pinned
// JupyterLab, saying what it does, so that the first command is the only
// one a learner needs.
func findOrMakeJupyter(ctx context.Context, root, python string) (string, error) {
	py, err := kernel.FindPython(ctx, root, python, kernel.NeedLab)
	if err == nil || python != "" || !errors.Is(err, kernel.ErrNoJupyter) {
		return py, err
	}
	why, _, _ := strings.Cut(err.Error(), "\n")
	fmt.Fprintf(os.Stderr, "lab: %s\nlab: making a Python environment with the pinned JupyterLab inside this checkout, in .tools/venv (only this once)\n", why)
	if err := kernel.MakeVenv(ctx, root, "", os.Stderr); err != nil {
		return "", err
	}
	return kernel.FindPython(ctx, root, "", kernel.NeedLab)
}
