package gemm

import (
	"os"
	"strings"

	"github.com/vaelab/govae/vae/internal/simd"
)

// EnvKernel names the environment variable that forces a micro-kernel:
// "avx512", "avx2" or "go". New reads it once. An empty, unknown or
// unsupported name selects the fastest kernel the CPU supports.
const EnvKernel = simd.EnvKernel

// kernels lists the micro-kernels this CPU and build can run, fastest first;
// the pure-Go kernel is always last.
var kernels = append(asmKernels(), goKernel)

// Kernels returns the names of the micro-kernels this CPU and build can
// run, fastest first. The last is always "go".
func Kernels() []string {
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = k.name
	}
	return names
}

// pickKernel returns the kernel called name, or the fastest if there is
// none.
func pickKernel(name string) *kernel {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, k := range kernels {
		if k.name == name {
			return k
		}
	}
	return kernels[0]
}

// kernelFromEnv returns the kernel EnvKernel asks for.
func kernelFromEnv() *kernel { return pickKernel(os.Getenv(EnvKernel)) }
