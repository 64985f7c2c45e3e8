//go:build amd64 && !noasm

#include "textflag.h"

// Register use:
//
//	DI   C, the current block     CX   columns of C left
//	SI   B, the current block     R8   B row stride (bytes)
//	R9   col                      R10  entries
//	R11  val                      AX   entry t
//	DX   B row col[t], this block

// One entry for a block of 8·n columns: broadcast val[t], then one
// multiply-add per YMM accumulator straight from row col[t] of B.
#define ROWADDR \
	MOVLQSX (R9)(AX*4), DX; \
	IMULQ R8, DX; \
	ADDQ SI, DX; \
	VBROADCASTSS (R11)(AX*4), Y8

#define ADDSTORE(off, y) \
	VADDPS off(DI), y, y; \
	VMOVUPS y, off(DI)

// func sparseRow8AVX2(c, b []float32, ldb int, col []int32, val []float32)
TEXT ·sparseRow8AVX2(SB), NOSPLIT, $0-104
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	MOVQ b_base+24(FP), SI
	MOVQ ldb+48(FP), R8
	SHLQ $2, R8
	MOVQ col_base+56(FP), R9
	MOVQ col_len+64(FP), R10
	MOVQ val_base+80(FP), R11

block64:
	CMPQ CX, $64
	JLT  block8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ AX, AX

entry64:
	CMPQ AX, R10
	JGE  store64
	ROWADDR
	VFMADD231PS (DX), Y8, Y0
	VFMADD231PS 32(DX), Y8, Y1
	VFMADD231PS 64(DX), Y8, Y2
	VFMADD231PS 96(DX), Y8, Y3
	VFMADD231PS 128(DX), Y8, Y4
	VFMADD231PS 160(DX), Y8, Y5
	VFMADD231PS 192(DX), Y8, Y6
	VFMADD231PS 224(DX), Y8, Y7
	INCQ AX
	JMP  entry64

store64:
	ADDSTORE(0, Y0)
	ADDSTORE(32, Y1)
	ADDSTORE(64, Y2)
	ADDSTORE(96, Y3)
	ADDSTORE(128, Y4)
	ADDSTORE(160, Y5)
	ADDSTORE(192, Y6)
	ADDSTORE(224, Y7)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  block64

// Blocks of 8 columns, for what is left of C after the blocks of 64. Two
// accumulators take alternate entries, so that each waits on its own
// multiply-add chain only half as often.
block8:
	CMPQ CX, $8
	JLT  done
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	XORQ AX, AX

entry8:
	LEAQ 1(AX), BX
	CMPQ BX, R10
	JGE  last8
	ROWADDR
	VFMADD231PS (DX), Y8, Y0
	INCQ AX
	ROWADDR
	VFMADD231PS (DX), Y8, Y1
	INCQ AX
	JMP  entry8

last8:
	CMPQ AX, R10
	JGE  store8
	ROWADDR
	VFMADD231PS (DX), Y8, Y0

store8:
	VADDPS Y1, Y0, Y0
	ADDSTORE(0, Y0)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  block8

done:
	VZEROUPPER
	RET

// func compress8AVX2(col []int32, val []float32, row []float32, lut *[256][8]uint8) int
//
// Left-packs the nonzero elements of row (len a multiple of 8) into val and
// their indices into col, eight elements at a time: a compare gives an
// 8-bit mask of the nonzeros, lut[mask] the positions of its set bits in
// order, and one permute moves them to the front. Each group stores eight
// values whatever its count, so col and val need room for len(row).
//
//	DI   col      R12  val      SI  row      CX  len(row)
//	R13  lut      AX   j        R8  n, entries written
//	Y6   j in every lane        Y7  8 in every lane
TEXT ·compress8AVX2(SB), NOSPLIT, $0-88
	MOVQ col_base+0(FP), DI
	MOVQ val_base+24(FP), R12
	MOVQ row_base+48(FP), SI
	MOVQ row_len+56(FP), CX
	MOVQ lut+72(FP), R13
	XORQ AX, AX
	XORQ R8, R8
	VXORPS Y15, Y15, Y15
	VPXOR Y6, Y6, Y6        // j in every lane
	VPCMPEQD Y7, Y7, Y7     // 8 in every lane: all ones, >> 31, << 3
	VPSRLD $31, Y7, Y7
	VPSLLD $3, Y7, Y7

group:
	CMPQ AX, CX
	JGE  packed
	VMOVUPS (SI)(AX*4), Y0
	VCMPPS  $4, Y15, Y0, Y1 // not equal, or unordered: NaN counts as nonzero
	VMOVMSKPS Y1, BX
	TESTQ BX, BX
	JZ   next
	VPMOVZXBD (R13)(BX*8), Y2
	VPERMPS Y0, Y2, Y3
	VMOVUPS Y3, (R12)(R8*4)
	VPADDD Y2, Y6, Y4
	VMOVDQU Y4, (DI)(R8*4)
	POPCNTQ BX, BX
	ADDQ BX, R8

next:
	ADDQ $8, AX
	VPADDD Y7, Y6, Y6
	JMP  group

packed:
	VZEROUPPER
	MOVQ R8, ret+80(FP)
	RET

// func sparseRow64AVX512(c, b []float32, ldb int, col []int32, val []float32)
//
// sparseRow8AVX2's blocks of 64 columns with four ZMM accumulators instead
// of eight YMM ones, for len(c) a multiple of 64: each element sums its
// entries in the same order with the same fused multiply-adds, so both
// give the same bits.
TEXT ·sparseRow64AVX512(SB), NOSPLIT, $0-104
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	MOVQ b_base+24(FP), SI
	MOVQ ldb+48(FP), R8
	SHLQ $2, R8
	MOVQ col_base+56(FP), R9
	MOVQ col_len+64(FP), R10
	MOVQ val_base+80(FP), R11

zblock64:
	CMPQ CX, $64
	JLT  zdone
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	XORQ AX, AX

zentry64:
	CMPQ AX, R10
	JGE  zstore64
	MOVLQSX (R9)(AX*4), DX
	IMULQ R8, DX
	ADDQ SI, DX
	VBROADCASTSS (R11)(AX*4), Z8
	VFMADD231PS (DX), Z8, Z0
	VFMADD231PS 64(DX), Z8, Z1
	VFMADD231PS 128(DX), Z8, Z2
	VFMADD231PS 192(DX), Z8, Z3
	INCQ AX
	JMP  zentry64

zstore64:
	VADDPS 0(DI), Z0, Z0
	VMOVUPS Z0, 0(DI)
	VADDPS 64(DI), Z1, Z1
	VMOVUPS Z1, 64(DI)
	VADDPS 128(DI), Z2, Z2
	VMOVUPS Z2, 128(DI)
	VADDPS 192(DI), Z3, Z3
	VMOVUPS Z3, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  zblock64

zdone:
	VZEROUPPER
	RET
