//go:build unix

package kerneltest

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartLab runs the README's first command, `go run ./kernel/cmd/lab`, in
// the checkout with env (nil: the test's own) on a free loopback port
// without a browser, args following those flags (e.g. "-dir", DIR, "--",
// jupyter flags), and returns the URL with its token that Jupyter prints.
// The command's output goes to the test log, each line prefixed "lab:".
// The whole process group (go run, Jupyter, its kernels) is stopped when
// the test ends. It waits for up to limit, which must leave room for a
// first run that makes a Python environment and compiles the kernel's tools.
func StartLab(t *testing.T, checkout string, env []string, limit time.Duration, args ...string) string {
	t.Helper()
	argv := append([]string{"run", "./kernel/cmd/lab", "-port", strconv.Itoa(FreePort(t)), "-no-browser"}, args...)
	cmd := exec.Command("go", argv...)
	cmd.Dir, cmd.Env = checkout, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // go run's child and Jupyter's kernels stop together
	logs := LogTo(t, "lab")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = io.MultiWriter(logs, pw), io.MultiWriter(logs, pw)
	t.Logf("starting: go %s (in %s)", strings.Join(argv, " "), checkout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); pw.Close() }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // Jupyter shuts its kernels down on SIGTERM
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			t.Log("Jupyter did not stop within 30s of SIGTERM; killing it")
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/lab\?token=\w+`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				select {
				case found <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case u := <-found:
		return u
	case err := <-exited:
		t.Fatalf("the lab command exited before serving: %v", err)
	case <-time.After(limit):
		t.Fatalf("JupyterLab printed no URL within %v", limit)
	}
	return ""
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// LogTo returns a writer that sends each line to the test log, prefixed.
func LogTo(t testing.TB, prefix string) io.Writer {
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			t.Logf("%s: %s", prefix, sc.Text())
		}
		io.Copy(io.Discard, pr)
	}()
	t.Cleanup(func() { pw.Close(); wg.Wait() })
	return pw
}
