package kernel

import "syscall"

// stopWithParent makes the kernel's driver receive SIGTERM when the
// process that started it dies, however it dies (Linux's parent-death
// signal), so that nothing it started outlives the run: the driver then
// shuts the kernel down (driver.py).
func stopWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
