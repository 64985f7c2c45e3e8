//go:build !linux

package kernel

// sampleTree measures nothing where there is no /proc.
func sampleTree(pid int) Memory { return Memory{} }

// ProcessTree is empty where there is no /proc.
func ProcessTree(pid int) map[int]string { return nil }
