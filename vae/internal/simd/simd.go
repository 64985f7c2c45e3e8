// Package simd says which vector instructions the assembly of vae/gemm and
// vae/vec may use, and names the environment variable that overrides the
// choice, so that the two packages decide alike without importing each
// other.
package simd

import "golang.org/x/sys/cpu"

// EnvKernel names the environment variable that forces the matmul
// micro-kernel ("avx512", "avx2" or "go"); "go" also turns off the
// assembly of vae/vec. It is exported to users as gemm.EnvKernel.
const EnvKernel = "VAE_GEMM"

// A feature counts only if the OS also saves the registers it uses (Intel
// SDM vol. 1, §13.3 and §15.2), which package cpu checks through XCR0.
var (
	// AVX2FMA says whether this CPU and OS can run AVX2 and FMA code
	// (on YMM registers, which AVX introduced).
	AVX2FMA = cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA

	// AVX512 says whether this CPU and OS can run AVX-512F code, with the
	// VL extension for its instructions on YMM registers.
	AVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL
)
