//go:build linux

package main

import (
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestKilledLeavesNoSurvivor runs nbrun on a notebook whose second cell
// sleeps, waits until that cell's program runs, then ends nbrun: killed
// outright (SIGKILL, as a closed terminal or an out-of-memory killer
// would), or sent SIGHUP. Within 30 s nothing it started may be left: not
// the driver, the kernel, gopls, nor the cell's program.
func TestKilledLeavesNoSurvivor(t *testing.T) {
	root, py := kerneltest.Setup(t)
	bin := filepath.Join(t.TempDir(), "nbrun")
	build := exec.Command("go", "build", "-o", bin, "./kernel/cmd/nbrun")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building nbrun: %v\n%s", err, out)
	}
	nb := filepath.Join(root, "kernel", "cmd", "nbrun", "testdata", "sleep.ipynb")
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "-python", py, nb)
			cmd.Dir = root
			cmd.Stdout, cmd.Stderr = kerneltest.LogTo(t, "nbrun"), kerneltest.LogTo(t, "nbrun")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// The cell's program is the one GoNB names gonb_<id>.
			var started map[int]string
			for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
				started = kernel.ProcessTree(cmd.Process.Pid)
				if slices.ContainsFunc(slices.Collect(maps.Values(started)), func(c string) bool { return strings.HasPrefix(c, "gonb_") }) {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the sleeping cell did not start within 5 minutes; running: %v", started)
				}
			}
			delete(started, cmd.Process.Pid)
			t.Logf("nbrun (%d) started %v; sending %v", cmd.Process.Pid, started, sig)
			cmd.Process.Signal(sig)
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Errorf("nbrun did not exit within 30 s of %v", sig)
			}
			var left []string
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(250 * time.Millisecond) {
				left = left[:0]
				for pid, comm := range started {
					if alive(pid, comm) {
						left = append(left, comm)
					}
				}
				if len(left) == 0 || time.Now().After(deadline) {
					break
				}
			}
			if len(left) > 0 {
				t.Errorf("30 s after nbrun got %v, still running: %v", sig, left)
				for pid, comm := range started {
					if alive(pid, comm) {
						syscall.Kill(pid, syscall.SIGKILL)
					}
				}
			}
		})
	}
}

// alive reports whether pid is still the process named comm, and not a
// zombie: a pid may be reused once its process is gone.
func alive(pid int, comm string) bool {
	c, ok := kernel.ProcessTree(pid)[pid]
	return ok && c == comm
}
