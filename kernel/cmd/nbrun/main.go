// Command nbrun executes notebooks headlessly through the GoNB kernel of this
// checkout, prints each cell's time and exits non-zero if any notebook fails
// the checks described in package kernel.
//
// Usage, from anywhere in the checkout:
//
//	go run ./kernel/cmd/nbrun [-write] [-out DIR] [-timeout 10m] [notebook.ipynb ...]
//
// With no arguments it runs notebooks/*.ipynb. For each notebook it prints
// every cell's time and the peak memory of the processes the run started
// (kernel.Memory). -write saves the executed
// notebook, outputs included, over each notebook that passes (atomically; a
// failing notebook is left untouched). -out DIR keeps every executed copy,
// passing or not, for inspection.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/vaelab/govae/kernel"
)

func main() {
	write := flag.Bool("write", false, "save outputs into each notebook that passes")
	out := flag.String("out", "", "folder to keep the executed copies in")
	timeout := flag.Duration("timeout", 10*time.Minute, "time limit per cell")
	python := flag.String("python", "", "Python interpreter with nbclient (default: .tools/venv, then python3)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./kernel/cmd/nbrun [flags] [notebook.ipynb ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	// Any of these stops the run, and the kernel with it (kernel.Execute);
	// if nbrun is killed outright, the kernel's driver is told by the OS.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	if err := run(ctx, flag.Args(), *write, *out, *timeout, *python); err != nil {
		fmt.Fprintln(os.Stderr, "nbrun:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, paths []string, write bool, out string, timeout time.Duration, python string) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := kernel.FindRoot(wd)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths, _ = filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
		if len(paths) == 0 {
			fmt.Println("nbrun: no notebooks in notebooks/")
			return nil
		}
	}
	// Check what the user must fix before the install, which can take
	// minutes the first time.
	for _, p := range paths {
		if _, err := kernel.NotebookRoot(p); err != nil {
			return err
		}
	}
	if err := kernel.CheckGo(); err != nil {
		return err
	}
	if python, err = kernel.FindPython(ctx, root, python, kernel.NeedExecute); err != nil {
		return err
	}
	if err := kernel.Install(ctx, root, os.Stderr); err != nil {
		return err
	}
	failed := 0
	for _, p := range paths {
		opts := kernel.Options{Python: python, CellTimeout: timeout, WriteBack: write, Progress: os.Stderr}
		if out != "" {
			opts.Output = filepath.Join(out, filepath.Base(p))
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
		}
		fmt.Printf("=== %s\n", p)
		res, err := kernel.Execute(ctx, p, opts)
		for _, c := range res.Cells {
			fmt.Printf("  cell %2d %7.2fs  %s\n", c.Cell, c.Duration.Seconds(), c.Label)
		}
		fmt.Printf("  peak memory: %v\n", res.Memory)
		switch {
		case err != nil:
			failed++
			fmt.Printf("--- FAIL %s (%.1fs)\n%v\n", p, res.Total.Seconds(), err)
		case write:
			fmt.Printf("--- ok   %s (%.1fs), outputs saved\n", p, res.Total.Seconds())
		default:
			fmt.Printf("--- ok   %s (%.1fs)\n", p, res.Total.Seconds())
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d notebook(s) failed", failed, len(paths))
	}
	return nil
}
