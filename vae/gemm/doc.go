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
// # Errors
//
// MatMul panics if a slice is too short for the shape it is given; the
// message names the operand and the shape.
package gemm
