//go:build !amd64 || noasm

package gemm

// asmKernels returns no kernels: this build is pure Go.
func asmKernels() []*kernel { return nil }
