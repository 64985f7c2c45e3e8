package kernel

import (
	"fmt"
	"strings"
	"time"
)

// Memory is the peak resident memory of the processes a notebook run
// starts, by role, in bytes: for each role the largest sum over its
// processes at one sample, and in Total the largest sum over all of them.
// The samples are taken every sampleEvery from /proc (Linux only; elsewhere
// Memory stays zero), so a process that lives less long may be missed:
// cells' programs that short are small.
type Memory struct {
	Client int64 // nbclient's Python, the part JupyterLab's server plays for a learner
	Kernel int64 // gonb
	Tools  int64 // what compiles a cell (go, compile, link, goimports) and `!` shell lines
	Cell   int64 // a cell's program
	Total  int64 // all of them at once
}

// sampleEvery is how often a run's processes are measured.
const sampleEvery = 50 * time.Millisecond

// String formats m in MB, e.g. "kernel 45 MB, tools 612 MB, cell 180 MB,
// client 75 MB; all at once 790 MB".
func (m Memory) String() string {
	if m.Total == 0 {
		return "not measured (no /proc)"
	}
	mb := func(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
	return fmt.Sprintf("kernel %s, tools %s, cell %s, client %s; all at once %s",
		mb(m.Kernel), mb(m.Tools), mb(m.Cell), mb(m.Client), mb(m.Total))
}

// toolNames are the programs that compile a cell or run its shell lines.
var toolNames = map[string]bool{
	"go": true, "compile": true, "link": true, "asm": true, "cgo": true, "vet": true,
	"goimports": true, "gopls": true, "gofmt": true, "sh": true, "bash": true,
}

// add counts rss bytes of a process named comm (/proc/PID/comm, at most 15
// bytes) in its role and in Total.
func (m *Memory) add(comm string, rss int64) {
	switch {
	case strings.HasPrefix(comm, "python"):
		m.Client += rss
	case comm == "gonb":
		m.Kernel += rss
	case toolNames[comm]:
		m.Tools += rss
	default:
		m.Cell += rss
	}
	m.Total += rss
}

// peak keeps, field by field, the larger of m and sample.
func (m *Memory) peak(sample Memory) {
	m.Client = max(m.Client, sample.Client)
	m.Kernel = max(m.Kernel, sample.Kernel)
	m.Tools = max(m.Tools, sample.Tools)
	m.Cell = max(m.Cell, sample.Cell)
	m.Total = max(m.Total, sample.Total)
}

// watchMemory samples the process tree under pid until stop is closed,
// then sends its peaks on the returned channel.
func watchMemory(pid int, stop <-chan struct{}) <-chan Memory {
	done := make(chan Memory, 1)
	go func() {
		var m Memory
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			m.peak(sampleTree(pid))
			select {
			case <-stop:
				done <- m
				return
			case <-tick.C:
			}
		}
	}()
	return done
}
