// Command lab installs the GoNB kernel into this checkout (once; later runs
// only check it) and opens Jupyter Lab on notebooks/ with that kernel.
//
// Usage, from anywhere in the checkout:
//
//	go run ./kernel/cmd/lab [-port 8888] [-ip 127.0.0.1] [-no-browser] [-- jupyter flags]
//	go run ./kernel/cmd/lab -install   # install or repair the kernel, then exit
//	go run ./kernel/cmd/lab -venv      # first make .tools/venv with pinned Jupyter
//
// Jupyter runs with JUPYTER_DATA_DIR=.jupyter and .tools/bin first on PATH,
// so nothing outside the checkout is touched. Without jupyterlab it falls
// back to Debian's classic notebook server. Ctrl-C stops it.
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
	"syscall"

	"github.com/vaelab/govae/kernel"
)

func main() {
	port := flag.Int("port", 0, "port for Jupyter (0: Jupyter's default, 8888 or the next free one)")
	ip := flag.String("ip", "127.0.0.1", "address to listen on")
	noBrowser := flag.Bool("no-browser", false, "do not open a browser")
	installOnly := flag.Bool("install", false, "install or repair the kernel, then exit")
	venv := flag.Bool("venv", false, "create .tools/venv with the pinned Jupyter first")
	python := flag.String("python", "", "Python interpreter with Jupyter (default: .tools/venv, then python3)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./kernel/cmd/lab [flags] [-- jupyter lab flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	err := run(*port, *ip, *noBrowser, *installOnly, *venv, *python, flag.Args())
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "lab:", err)
		os.Exit(1)
	}
}

func run(port int, ip string, noBrowser, installOnly, venv bool, python string, extra []string) error {
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
	if venv {
		if err := kernel.MakeVenv(ctx, root, python, os.Stderr); err != nil {
			return err
		}
		python = ""
	}
	// Look for Jupyter before the install, which can take minutes the
	// first time; -install alone does not need it.
	var py string
	if !installOnly {
		if py, err = kernel.FindPython(ctx, root, python, kernel.NeedLab); err != nil {
			return err
		}
	}
	if err := kernel.Install(ctx, root, os.Stderr); err != nil {
		return err
	}
	if installOnly {
		fmt.Printf("lab: kernel %q ready: %s\n", kernel.KernelName, kernel.SpecPath(root))
		return nil
	}
	app := "jupyterlab"
	if exec.CommandContext(ctx, py, "-c", "import jupyterlab").Run() != nil {
		app = "notebook" // Debian's jupyter-notebook package
		fmt.Fprintln(os.Stderr, "lab: jupyterlab not found, using the classic notebook server")
	}
	args := []string{"-m", app, "--ip=" + ip, "--MappingKernelManager.default_kernel_name=" + kernel.KernelName}
	if port != 0 {
		args = append(args, "--port="+strconv.Itoa(port))
	}
	if noBrowser {
		args = append(args, "--no-browser")
	}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root") // containers and CI machines run as root
	}
	cmd := exec.Command(py, append(args, extra...)...)
	cmd.Dir = filepath.Join(root, "notebooks")
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
