//go:build !linux

package main

import "os"

// maxRSSKiB returns 0 (unknown): ru_maxrss has other units elsewhere
// (bytes on macOS), and the benchmark is only calibrated on Linux.
func maxRSSKiB(*os.ProcessState) int64 { return 0 }
