package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// childResult is what one trainer process left behind.
type childResult struct {
	Stdout    []byte
	Stderr    []byte
	MaxRSSKiB int64 // peak resident set from the child's rusage; 0 if unknown
	Wall      time.Duration
	Err       error
}

// runChild runs argv with env in dir, echoing each stdout line to echo
// with prefix (so a long run shows its epochs as they finish) and keeping
// all of stdout and stderr. Peak memory comes from the rusage the kernel
// reports when the child exits, the same measure for Go and Python.
func runChild(argv, env []string, dir string, echo io.Writer, prefix string) childResult {
	var r childResult
	var out, errb bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env, cmd.Dir = env, dir
	cmd.Stdout = io.MultiWriter(&out, &lineEcho{w: echo, prefix: prefix})
	cmd.Stderr = &errb
	start := time.Now()
	r.Err = cmd.Run()
	r.Wall = time.Since(start)
	r.Stdout, r.Stderr = out.Bytes(), errb.Bytes()
	if cmd.ProcessState != nil {
		r.MaxRSSKiB = maxRSSKiB(cmd.ProcessState)
	}
	if r.Err != nil {
		r.Err = fmt.Errorf("%s: %w%s", strings.Join(argv, " "), r.Err, tail(r.Stderr, 6))
	}
	return r
}

// tail returns the last n lines of b, indented under an error, or "".
func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "\n\t" + strings.Join(lines, "\n\t")
}

// lineEcho writes each complete line it is given to w, after prefix.
type lineEcho struct {
	w       io.Writer
	prefix  string
	partial []byte
}

func (l *lineEcho) Write(p []byte) (int, error) {
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		fmt.Fprintf(l.w, "%s%s\n", l.prefix, l.partial[:i])
		l.partial = l.partial[i+1:]
	}
}
