// Package gemm is the matrix-multiply core under package vae: one float32
// GEMM with strides for the three products backpropagation needs,
//
//	NN: C = A·B      (forward:            Y  = X·W)
//	NT: C = A·Bᵀ     (input gradient:     dX = dY·Wᵀ)
//	TN: C = Aᵀ·B     (weight gradient:    dW = Xᵀ·dY)
//
// plus an optional accumulate (beta = 1) so gradients can add into their
// buffers. All matrices are row-major: element (i, j) of a matrix with
// leading dimension ld lives at index i*ld + j.
//
// # Reference and fast paths
//
// Naive is the algorithmic reference: three loops, obviously right. Every
// faster path is tested against it on odd shapes.
//
// An Engine computes a product the way BLAS libraries do (Goto & van de
// Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
// 34(3), 2008): the driver in driver.go cuts C into mr×nr tiles and k into
// slices of at most 256, and a micro-kernel computes one tile for one slice
// with all of it in registers. op(A), and op(B) when B is not transposed,
// are read in place; Bᵀ is packed into contiguous panels first (pack.go).
//
// Three micro-kernels exist, chosen when New runs:
//
//	avx512  8×32 tile, 16 ZMM accumulators   kernel_amd64.s (AVX-512F, VL)
//	avx2    6×16 tile, 12 YMM accumulators   kernel_amd64.s (AVX2 and FMA)
//	go      4×16 tile, plain Go              kernel.go
//
// The assembly kernels have narrower siblings (8×16 and 8×8; 6×8) for the
// right edge of C, so that a 400-column C does not cost 416 columns of
// work. Whatever is left over on the bottom or right edge goes through a
// scratch tile.
// New takes the fastest one the CPU and OS support, unless the environment
// variable VAE_GEMM (EnvKernel) names another. Building with the noasm tag,
// or for another architecture, leaves only the Go kernel. Engine.Kernel
// reports the one in use. The doc comment of each assembly function is the
// Go loop it computes.
//
// # Sparse products
//
// A batch of MNIST digits is about 81% exact zeros. Engine.SetSparse
// packs a matrix, or its transpose, into a Sparse that keeps only the
// nonzeros (row by row: columns and values), and MatMulSparse adds A·B
// into C for such an A, one row of C at a time: for every entry (j, v) of
// A's row, v times row j of B, summed in eight YMM accumulators per 64
// columns (sparse_amd64.s; sparseRowGo is the reference). Each term costs
// more than in the dense kernel, since B's rows come from L2 rather than
// registers, but at 19% density there are five times fewer: the two
// products of the first layer run 1.7–2.5× faster. The packing itself is a
// left-pack: compare eight floats with zero, look the mask up in a table
// of permutations, and move the nonzeros to the front in one shuffle.
//
// # Threads
//
// An Engine with n threads keeps n-1 worker goroutines for its lifetime
// (pool.go). A product is split into n blocks of whole tiles; the caller
// computes one and the workers the rest. Between products the workers spin
// for a few tens of microseconds, then park. Products smaller than 2^16
// multiply-adds run on the caller alone. MatMulSparse splits the rows of A
// so that each thread gets about as many entries. Neither allocates:
// packing space is allocated per worker by New, and a Sparse keeps its
// storage from one SetSparse to the next.
//
// # Errors
//
// MatMul panics if a slice is too short for the shape it is given; the
// message names the operand and the shape.
package gemm
