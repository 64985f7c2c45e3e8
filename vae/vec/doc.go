// Package vec holds the elementwise loops of a training step that cost as
// much as the matrix products once those are fast: the Adam update and the
// Bernoulli loss with its gradient, fused into one pass, and smaller ones
// (ReLU, the NaN check). Each is written once in plain Go, which is the
// reference and runs everywhere, and once in AVX2+FMA assembly for amd64,
// which the tests check against the Go. Exp, a float32 exponential for the
// latent layer, is plain Go only.
//
// The assembly is used when the CPU has AVX2 and FMA, unless the
// environment variable VAE_GEMM (gemm.EnvKernel) is "go", which forces the
// pure-Go paths here as it does in the matmul core.
package vec
