//go:build linux

package main

import (
	"os"
	"syscall"
)

// maxRSSKiB returns the exited child's peak resident set size; Linux
// reports ru_maxrss in KiB.
func maxRSSKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
