//go:build !unix

package kernel

// lockFile does nothing where flock is missing: GoNB runs on Linux and macOS.
func lockFile(path string) (func(), error) { return func() {}, nil }
