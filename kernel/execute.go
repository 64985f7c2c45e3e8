package kernel

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vaelab/govae/internal/atomicfile"
)

//go:embed driver.py
var driverPy []byte

// Options configures [Execute]. The zero value is ready to use.
type Options struct {
	// Root is the checkout whose kernel runs the notebook; "" means the
	// one holding the notebook.
	Root string
	// Python is the interpreter with nbclient; "" lets [FindPython] choose.
	Python string
	// CellTimeout bounds each cell; 0 means 10 minutes.
	CellTimeout time.Duration
	// Output, if set, receives the executed notebook, whatever the result.
	Output string
	// WriteBack replaces the notebook with its executed copy (outputs
	// saved) when every check passes, atomically: a temporary file in the
	// same folder renamed over it. On failure the notebook is left as it was.
	WriteBack bool
	// Progress, if set, receives a line as each cell finishes.
	Progress io.Writer
	// Source, if not nil, is the notebook to run instead of the file's
	// contents (a variant of it, say, with an exercise's solution in place
	// of its stub); the kernel still runs in the file's folder.
	Source []byte
}

// Result is what [Execute] measured and found.
type Result struct {
	Notebook string        // the notebook's path
	Cells    []CellTime    // executed code cells, in order
	Total    time.Duration // wall time, kernel start and shutdown included
	Memory   Memory        // peak resident memory of the run's processes
	Problems []Problem     // failed checks; Execute's error is then a *CheckError
}

// CellTime is the execution time of one code cell.
type CellTime struct {
	Cell     int    // position among all cells, from 1
	Label    string // first line of source
	Duration time.Duration
}

// CheckError is returned by [Execute] when the notebook ran but failed the
// checks of [Scan]; Problems names each failing cell.
type CheckError struct {
	Notebook string
	Problems []Problem
}

// Error implements the error interface, one problem per line.
func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s)", e.Notebook, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + strings.ReplaceAll(p.String(), "\n", "\n  "))
	}
	return b.String()
}

// Execute runs the notebook at path headlessly through the GoNB kernel
// installed in the checkout that holds it (see [Install] and [Options.Root]):
// a small Python driver runs nbclient.NotebookClient with kernel_name "gonb", then the
// executed notebook is checked with [Scan]. The kernel's working folder is
// the notebook's folder. A run that completes with problems returns its
// Result and a *CheckError; a run that could not complete (no Jupyter, a
// cell timeout, a dead kernel) returns an error saying why, and the Result
// of the cells that ran.
func Execute(ctx context.Context, path string, opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{Notebook: path}
	src := opts.Source
	if src != nil && opts.WriteBack {
		return res, fmt.Errorf("kernel: %s: WriteBack would replace the notebook with a run of another Source", path)
	}
	if src == nil {
		var err error
		if src, err = os.ReadFile(path); err != nil {
			return res, fmt.Errorf("kernel: reading notebook: %w", err)
		}
	}
	_, err := Scan(src)
	if err != nil {
		return res, fmt.Errorf("kernel: %s: %w", path, err)
	}
	root := opts.Root
	if root == "" {
		if root, err = NotebookRoot(path); err != nil {
			return res, err
		}
	}
	if err := verify(root); err != nil {
		return res, err
	}
	py, err := pickPython(root, opts.Python)
	if err != nil {
		return res, err
	}
	tmp, err := os.MkdirTemp("", "nbexec-")
	if err != nil {
		return res, fmt.Errorf("kernel: %w", err)
	}
	defer os.RemoveAll(tmp)
	driver, in, out, summary := filepath.Join(tmp, "driver.py"), filepath.Join(tmp, "in.ipynb"), filepath.Join(tmp, "out.ipynb"), filepath.Join(tmp, "result.json")
	if err := os.WriteFile(driver, driverPy, 0o644); err != nil {
		return res, fmt.Errorf("kernel: writing the driver: %w", err)
	}
	if err := os.WriteFile(in, src, 0o644); err != nil {
		return res, fmt.Errorf("kernel: writing the notebook to run: %w", err)
	}
	timeout := opts.CellTimeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	timeout = max(timeout, time.Second) // nbclient counts whole seconds
	absPath, _ := filepath.Abs(path)
	cmd := exec.CommandContext(ctx, py, driver, KernelName, strconv.Itoa(int(timeout.Seconds()+0.5)), in, out, summary, filepath.Dir(absPath))
	cmd.Dir, cmd.Env = filepath.Dir(absPath), Environ(root, os.Environ())
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // lets nbclient stop the kernel
	// If this process dies without cancelling (SIGKILL, a closed pipe),
	// the driver is told by the OS, and shuts the kernel down too.
	cmd.SysProcAttr = stopWithParent()
	cmd.WaitDelay = 15 * time.Second
	logs := &lineTee{progress: opts.Progress}
	cmd.Stdout, cmd.Stderr = logs, logs
	// The parent-death signal follows the thread that started the driver,
	// so that thread must live as long as the driver does.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runErr := cmd.Start()
	if runErr == nil {
		stop := make(chan struct{})
		mem := watchMemory(cmd.Process.Pid, stop)
		runErr = cmd.Wait()
		close(stop)
		res.Memory = <-mem
	}
	res.Total = time.Since(start)

	var sum struct {
		Cells []struct {
			Index   int
			Seconds float64
		}
		Error string
		Cell  int
	}
	data, err := os.ReadFile(summary)
	if err == nil {
		err = json.Unmarshal(data, &sum)
	}
	if err != nil {
		if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 3 {
			return res, noJupyter(py + " cannot import nbclient")
		}
		return res, fmt.Errorf("kernel: the nbclient driver (%s) failed: %v\n%s%s", py, runErr, logs.tail(), kernelLog(tmp))
	}
	executed, err := os.ReadFile(out)
	if err != nil {
		return res, fmt.Errorf("kernel: reading the executed notebook: %w", err)
	}
	labels := cellLabels(executed)
	for _, c := range sum.Cells {
		res.Cells = append(res.Cells, CellTime{c.Index + 1, labels[c.Index], time.Duration(c.Seconds * float64(time.Second))})
	}
	if opts.Output != "" {
		if err := writeAtomic(opts.Output, executed); err != nil {
			return res, err
		}
	}
	if sum.Error != "" {
		where := "the kernel"
		if sum.Cell >= 0 {
			where = Problem{Cell: sum.Cell + 1, Label: labels[sum.Cell]}.String()
			where = strings.TrimSuffix(where, ": ")
		}
		if ctx.Err() != nil {
			sum.Error = fmt.Sprintf("%v (%s)", ctx.Err(), sum.Error)
		}
		return res, fmt.Errorf("kernel: %s: run stopped at %s: %s\n%s%s", path, where, sum.Error, logs.tail(), kernelLog(tmp))
	}
	if res.Problems, err = Scan(executed); err != nil {
		return res, fmt.Errorf("kernel: %s: executed notebook: %w", path, err)
	}
	if len(res.Problems) > 0 {
		return res, &CheckError{Notebook: path, Problems: res.Problems}
	}
	if opts.WriteBack {
		if err := writeAtomic(path, executed); err != nil {
			return res, err
		}
	}
	return res, nil
}

// NotebookRoot returns the checkout that holds the notebook at path. For a
// notebook outside any checkout the error wraps [ErrNotInRepo] and explains
// that notebooks must live inside one: their wiring cell finds the
// repository by walking up from the notebook's folder.
func NotebookRoot(path string) (string, error) {
	root, err := FindRoot(filepath.Dir(path))
	if err != nil {
		return "", fmt.Errorf("%w: the notebook %s is outside it (no go.mod declaring %s in its folder or above).\n"+
			"Its first cell, the wiring cell, finds the checkout by walking up from the notebook's folder, so "+
			"notebooks must live inside the checkout. To fix: move or copy it there (e.g. into notebooks/) "+
			"and run it again", ErrNotInRepo, path, ModulePath)
	}
	return root, nil
}

// cellLabels returns the first source line of each cell, by index from 0.
func cellLabels(ipynb []byte) map[int]string {
	var nb notebook
	json.Unmarshal(ipynb, &nb)
	m := make(map[int]string, len(nb.Cells))
	for i, c := range nb.Cells {
		m[i] = label(string(c.Source))
	}
	return m
}

// writeAtomic replaces path with data (package internal/atomicfile), so
// path is never left half-written and keeps its permissions.
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("kernel: saving %s: %w", path, err)
	}
	return nil
}

// lineTee keeps the driver's output for error messages and forwards its
// "nbexec: " progress lines, without the prefix, to progress.
type lineTee struct {
	mu       sync.Mutex
	progress io.Writer
	all      bytes.Buffer
	partial  []byte
}

func (t *lineTee) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.all.Write(p)
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		line := t.partial[:i+1]
		if rest, ok := bytes.CutPrefix(line, []byte("nbexec: ")); ok && t.progress != nil {
			t.progress.Write(rest)
		}
		t.partial = t.partial[i+1:]
	}
	return len(p), nil
}

// kernelLog returns the last lines of the kernel's own log, which the
// driver writes to kernel.log in dir, introduced for an error message;
// "" if there is none.
func kernelLog(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "kernel.log"))
	if err != nil || len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	return "\nthe kernel's log ends with:\n" + clip(lastN(string(b), 20), 20)
}

// tail returns the last lines of the driver's output.
func (t *lineTee) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return clip(lastN(t.all.String(), 30), 30)
}

func lastN(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
