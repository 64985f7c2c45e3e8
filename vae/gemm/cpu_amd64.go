//go:build amd64 && !noasm

package gemm

// cpuid executes CPUID with the given EAX and ECX and returns the result.
func cpuid(eaxIn, ecxIn uint32) (eax, ebx, ecx, edx uint32)

// xgetbv returns XCR0, the register that says which vector state the
// operating system saves across context switches.
func xgetbv() (eax, edx uint32)

// cpuFeatures reports whether this CPU and OS can run the AVX2+FMA kernels
// and the AVX-512 kernels (AVX-512F and VL). A feature counts only if the
// OS also saves the registers it uses (Intel SDM vol. 1, §13.3 and §15.2).
func cpuFeatures() (avx2FMA, avx512 bool) {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false, false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const (
		fma     = 1 << 12
		osxsave = 1 << 27
		avx     = 1 << 28
	)
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false, false
	}
	xcr0, _ := xgetbv()
	const (
		ymmState = 0x06 // SSE and AVX state
		zmmState = 0xe0 // opmask, upper halves of Z0-Z15, Z16-Z31
	)
	if xcr0&ymmState != ymmState {
		return false, false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const (
		avx2     = 1 << 5
		avx512f  = 1 << 16
		avx512vl = 1 << 31
	)
	avx2FMA = ebx7&avx2 != 0
	avx512 = ebx7&(avx512f|avx512vl) == avx512f|avx512vl && xcr0&zmmState == zmmState
	return avx2FMA, avx512
}
