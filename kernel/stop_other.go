//go:build !linux

package kernel

import "syscall"

// stopWithParent has no parent-death signal to ask for outside Linux.
func stopWithParent() *syscall.SysProcAttr { return nil }
