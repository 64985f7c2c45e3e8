//go:build amd64 && !noasm

#include "textflag.h"

// Register use shared by the kernels:
//
//	DX   steps of k left        SI   A, rows 0-3   DI   A, rows 4-7
//	R8   A row stride (bytes)   R9   3·R8          R10  A step (bytes)
//	BX   B row p                R11  B row stride  R13  unrolled steps left
//	CX   C row i                R12  C row stride
//
// Row i of A is reached as (SI), (SI)(R8*1), (SI)(R8*2), (SI)(R9*1), then
// the same from DI, so one kernel serves A stored either way round: as and
// ap are the element strides between rows and between steps of k.

#define LOADARGS \
	MOVQ kc+0(FP), DX; \
	MOVQ a_base+8(FP), SI; \
	MOVQ as+32(FP), R8; \
	SHLQ $2, R8; \
	LEAQ (R8)(R8*2), R9; \
	LEAQ (SI)(R8*4), DI; \
	MOVQ ap+40(FP), R10; \
	SHLQ $2, R10; \
	MOVQ b_base+48(FP), BX; \
	MOVQ bs+72(FP), R11; \
	SHLQ $2, R11

// One step of k for the 6×16 AVX2 tile: C[i, 0:16] += A[i, p]·B[p, 0:16].
#define STEP6x16 \
	VMOVUPS (BX), Y12; \
	VMOVUPS 32(BX), Y13; \
	ADDQ R11, BX; \
	VBROADCASTSS (SI), Y14; \
	VFMADD231PS Y12, Y14, Y0; \
	VFMADD231PS Y13, Y14, Y1; \
	VBROADCASTSS (SI)(R8*1), Y15; \
	VFMADD231PS Y12, Y15, Y2; \
	VFMADD231PS Y13, Y15, Y3; \
	VBROADCASTSS (SI)(R8*2), Y14; \
	VFMADD231PS Y12, Y14, Y4; \
	VFMADD231PS Y13, Y14, Y5; \
	VBROADCASTSS (SI)(R9*1), Y15; \
	VFMADD231PS Y12, Y15, Y6; \
	VFMADD231PS Y13, Y15, Y7; \
	VBROADCASTSS (DI), Y14; \
	VFMADD231PS Y12, Y14, Y8; \
	VFMADD231PS Y13, Y14, Y9; \
	VBROADCASTSS (DI)(R8*1), Y15; \
	VFMADD231PS Y12, Y15, Y10; \
	VFMADD231PS Y13, Y15, Y11; \
	ADDQ R10, SI; \
	ADDQ R10, DI

#define ADDROW2(r0, r1) \
	VADDPS (CX), r0, r0; \
	VADDPS 32(CX), r1, r1; \
	VMOVUPS r0, (CX); \
	VMOVUPS r1, 32(CX); \
	ADDQ R12, CX

#define STOREROW2(r0, r1) \
	VMOVUPS r0, (CX); \
	VMOVUPS r1, 32(CX); \
	ADDQ R12, CX

// func tile6x16AVX2(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
TEXT ·tile6x16AVX2(SB), NOSPLIT, $0-113
	LOADARGS
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	MOVQ DX, R13
	SHRQ $2, R13
	JZ   tail6x16

loop6x16:
	STEP6x16
	STEP6x16
	STEP6x16
	STEP6x16
	DECQ R13
	JNZ  loop6x16

tail6x16:
	ANDQ $3, DX
	JZ   store6x16

step6x16:
	STEP6x16
	DECQ DX
	JNZ  step6x16

store6x16:
	MOVQ c_base+80(FP), CX
	MOVQ cs+104(FP), R12
	SHLQ $2, R12
	CMPB add+112(FP), $0
	JEQ  overwrite6x16
	ADDROW2(Y0, Y1)
	ADDROW2(Y2, Y3)
	ADDROW2(Y4, Y5)
	ADDROW2(Y6, Y7)
	ADDROW2(Y8, Y9)
	ADDROW2(Y10, Y11)
	VZEROUPPER
	RET

overwrite6x16:
	STOREROW2(Y0, Y1)
	STOREROW2(Y2, Y3)
	STOREROW2(Y4, Y5)
	STOREROW2(Y6, Y7)
	STOREROW2(Y8, Y9)
	STOREROW2(Y10, Y11)
	VZEROUPPER
	RET

// One step of k for the 8×32 AVX-512 tile: C[i, 0:32] += A[i, p]·B[p, 0:32].
// The FMAs take A[i, p] as an embedded broadcast from memory: on Zen 4 a
// separate VBROADCASTSS into a ZMM register costs a vector-pipe slot, and
// the 8×16 tile ran at 70% of the FMA rate with it.
#define BCAST2(addr, zb, z0, z1) \
	VFMADD231PS.BCST addr, Z16, z0; \
	VFMADD231PS.BCST addr, Z17, z1

#define STEP8x32 \
	VMOVUPS (BX), Z16; \
	VMOVUPS 64(BX), Z17; \
	ADDQ R11, BX; \
	BCAST2((SI), Z18, Z0, Z1); \
	BCAST2((SI)(R8*1), Z19, Z2, Z3); \
	BCAST2((SI)(R8*2), Z20, Z4, Z5); \
	BCAST2((SI)(R9*1), Z21, Z6, Z7); \
	BCAST2((DI), Z22, Z8, Z9); \
	BCAST2((DI)(R8*1), Z23, Z10, Z11); \
	BCAST2((DI)(R8*2), Z24, Z12, Z13); \
	BCAST2((DI)(R9*1), Z25, Z14, Z15); \
	ADDQ R10, SI; \
	ADDQ R10, DI

#define ADDROWZ(z0, z1) \
	VADDPS (CX), z0, z0; \
	VADDPS 64(CX), z1, z1; \
	VMOVUPS z0, (CX); \
	VMOVUPS z1, 64(CX); \
	ADDQ R12, CX

#define STOREROWZ(z0, z1) \
	VMOVUPS z0, (CX); \
	VMOVUPS z1, 64(CX); \
	ADDQ R12, CX

// func tile8x32AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
TEXT ·tile8x32AVX512(SB), NOSPLIT, $0-113
	LOADARGS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	MOVQ DX, R13
	SHRQ $2, R13
	JZ   tail8x32

loop8x32:
	STEP8x32
	STEP8x32
	STEP8x32
	STEP8x32
	DECQ R13
	JNZ  loop8x32

tail8x32:
	ANDQ $3, DX
	JZ   store8x32

step8x32:
	STEP8x32
	DECQ DX
	JNZ  step8x32

store8x32:
	MOVQ c_base+80(FP), CX
	MOVQ cs+104(FP), R12
	SHLQ $2, R12
	CMPB add+112(FP), $0
	JEQ  overwrite8x32
	ADDROWZ(Z0, Z1)
	ADDROWZ(Z2, Z3)
	ADDROWZ(Z4, Z5)
	ADDROWZ(Z6, Z7)
	ADDROWZ(Z8, Z9)
	ADDROWZ(Z10, Z11)
	ADDROWZ(Z12, Z13)
	ADDROWZ(Z14, Z15)
	VZEROUPPER
	RET

overwrite8x32:
	STOREROWZ(Z0, Z1)
	STOREROWZ(Z2, Z3)
	STOREROWZ(Z4, Z5)
	STOREROWZ(Z6, Z7)
	STOREROWZ(Z8, Z9)
	STOREROWZ(Z10, Z11)
	STOREROWZ(Z12, Z13)
	STOREROWZ(Z14, Z15)
	VZEROUPPER
	RET

// func transpose8AVX2(dst []float32, ds int, src []float32, ss int, n int)
//
// SI and R11 walk rows 0-3 and 4-7 of src, R8 is the src row stride and R9
// 3·R8; DX and R13 walk rows 0-3 and 4-7 of each 8×8 block of dst, R10 is
// the dst row stride and R12 3·R10.
TEXT ·transpose8AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DX
	MOVQ ds+24(FP), R10
	SHLQ $2, R10
	LEAQ (R10)(R10*2), R12
	MOVQ src_base+32(FP), SI
	MOVQ ss+56(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), R11
	MOVQ n+64(FP), CX
	SHRQ $3, CX
	JZ   done8

block8:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	VMOVUPS (R11), Y4
	VMOVUPS (R11)(R8*1), Y5
	VMOVUPS (R11)(R8*2), Y6
	VMOVUPS (R11)(R9*1), Y7
	ADDQ $32, SI
	ADDQ $32, R11

	// Interleave pairs of rows, then quadruples, then swap 128-bit halves.
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS   $0x44, Y10, Y8, Y0
	VSHUFPS   $0xee, Y10, Y8, Y1
	VSHUFPS   $0x44, Y11, Y9, Y2
	VSHUFPS   $0xee, Y11, Y9, Y3
	VSHUFPS   $0x44, Y14, Y12, Y4
	VSHUFPS   $0xee, Y14, Y12, Y5
	VSHUFPS   $0x44, Y15, Y13, Y6
	VSHUFPS   $0xee, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15

	LEAQ (DX)(R10*4), R13
	VMOVUPS Y8, (DX)
	VMOVUPS Y9, (DX)(R10*1)
	VMOVUPS Y10, (DX)(R10*2)
	VMOVUPS Y11, (DX)(R12*1)
	VMOVUPS Y12, (R13)
	VMOVUPS Y13, (R13)(R10*1)
	VMOVUPS Y14, (R13)(R10*2)
	VMOVUPS Y15, (R13)(R12*1)
	LEAQ (R13)(R10*4), DX
	DECQ CX
	JNZ  block8

done8:
	VZEROUPPER
	RET

// One step of k for the 8×16 AVX-512 tile, used for the right edge of C
// when at most 16 columns are left: C[i, 0:16] += A[i, p]·B[p, 0:16].
#define BCAST1(addr, zb, z0) \
	VFMADD231PS.BCST addr, Z16, z0

#define STEP8x16 \
	VMOVUPS (BX), Z16; \
	ADDQ R11, BX; \
	BCAST1((SI), Z18, Z0); \
	BCAST1((SI)(R8*1), Z19, Z1); \
	BCAST1((SI)(R8*2), Z20, Z2); \
	BCAST1((SI)(R9*1), Z21, Z3); \
	BCAST1((DI), Z22, Z4); \
	BCAST1((DI)(R8*1), Z23, Z5); \
	BCAST1((DI)(R8*2), Z24, Z6); \
	BCAST1((DI)(R9*1), Z25, Z7); \
	ADDQ R10, SI; \
	ADDQ R10, DI

#define ADDROWZ1(z0) \
	VADDPS (CX), z0, z0; \
	VMOVUPS z0, (CX); \
	ADDQ R12, CX

#define STOREROWZ1(z0) \
	VMOVUPS z0, (CX); \
	ADDQ R12, CX

// func tile8x16AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
TEXT ·tile8x16AVX512(SB), NOSPLIT, $0-113
	LOADARGS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	MOVQ DX, R13
	SHRQ $2, R13
	JZ   tail8x16

loop8x16:
	STEP8x16
	STEP8x16
	STEP8x16
	STEP8x16
	DECQ R13
	JNZ  loop8x16

tail8x16:
	ANDQ $3, DX
	JZ   store8x16

step8x16:
	STEP8x16
	DECQ DX
	JNZ  step8x16

store8x16:
	MOVQ c_base+80(FP), CX
	MOVQ cs+104(FP), R12
	SHLQ $2, R12
	CMPB add+112(FP), $0
	JEQ  overwrite8x16
	ADDROWZ1(Z0)
	ADDROWZ1(Z1)
	ADDROWZ1(Z2)
	ADDROWZ1(Z3)
	ADDROWZ1(Z4)
	ADDROWZ1(Z5)
	ADDROWZ1(Z6)
	ADDROWZ1(Z7)
	VZEROUPPER
	RET

overwrite8x16:
	STOREROWZ1(Z0)
	STOREROWZ1(Z1)
	STOREROWZ1(Z2)
	STOREROWZ1(Z3)
	STOREROWZ1(Z4)
	STOREROWZ1(Z5)
	STOREROWZ1(Z6)
	STOREROWZ1(Z7)
	VZEROUPPER
	RET

// One step of k for the 8×8 tile in YMM registers (AVX-512VL), used for
// the right edge of C when at most 8 columns are left:
// C[i, 0:8] += A[i, p]·B[p, 0:8].
// Zen 4 runs two 256-bit FMAs a cycle but one 512-bit one, so this is
// twice as fast as an 8×16 tile with half its columns thrown away.
#define BCASTY(addr, yb, y0) \
	VBROADCASTSS addr, yb; \
	VFMADD231PS Y8, yb, y0

#define BCASTYE(addr, y0) \
	VFMADD231PS.BCST addr, Y8, y0

#define STEP8x8 \
	VMOVUPS (BX), Y8; \
	ADDQ R11, BX; \
	BCASTYE((SI), Y0); \
	BCASTYE((SI)(R8*1), Y1); \
	BCASTYE((SI)(R8*2), Y2); \
	BCASTYE((SI)(R9*1), Y3); \
	BCASTYE((DI), Y4); \
	BCASTYE((DI)(R8*1), Y5); \
	BCASTYE((DI)(R8*2), Y6); \
	BCASTYE((DI)(R9*1), Y7); \
	ADDQ R10, SI; \
	ADDQ R10, DI

#define ADDROWY1(y0) \
	VADDPS (CX), y0, y0; \
	VMOVUPS y0, (CX); \
	ADDQ R12, CX

#define STOREROWY1(y0) \
	VMOVUPS y0, (CX); \
	ADDQ R12, CX

// func tile8x8AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
TEXT ·tile8x8AVX512(SB), NOSPLIT, $0-113
	LOADARGS
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ DX, R13
	SHRQ $2, R13
	JZ   tail8x8

loop8x8:
	STEP8x8
	STEP8x8
	STEP8x8
	STEP8x8
	DECQ R13
	JNZ  loop8x8

tail8x8:
	ANDQ $3, DX
	JZ   store8x8

step8x8:
	STEP8x8
	DECQ DX
	JNZ  step8x8

store8x8:
	MOVQ c_base+80(FP), CX
	MOVQ cs+104(FP), R12
	SHLQ $2, R12
	CMPB add+112(FP), $0
	JEQ  overwrite8x8
	ADDROWY1(Y0)
	ADDROWY1(Y1)
	ADDROWY1(Y2)
	ADDROWY1(Y3)
	ADDROWY1(Y4)
	ADDROWY1(Y5)
	ADDROWY1(Y6)
	ADDROWY1(Y7)
	VZEROUPPER
	RET

overwrite8x8:
	STOREROWY1(Y0)
	STOREROWY1(Y1)
	STOREROWY1(Y2)
	STOREROWY1(Y3)
	STOREROWY1(Y4)
	STOREROWY1(Y5)
	STOREROWY1(Y6)
	STOREROWY1(Y7)
	VZEROUPPER
	RET

// One step of k for the 6×8 AVX2 tile, the right edge of the 6×16 kernel.
#define STEP6x8 \
	VMOVUPS (BX), Y8; \
	ADDQ R11, BX; \
	BCASTY((SI), Y9, Y0); \
	BCASTY((SI)(R8*1), Y10, Y1); \
	BCASTY((SI)(R8*2), Y11, Y2); \
	BCASTY((SI)(R9*1), Y12, Y3); \
	BCASTY((DI), Y13, Y4); \
	BCASTY((DI)(R8*1), Y14, Y5); \
	ADDQ R10, SI; \
	ADDQ R10, DI

// func tile6x8AVX2(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
TEXT ·tile6x8AVX2(SB), NOSPLIT, $0-113
	LOADARGS
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	MOVQ DX, R13
	SHRQ $2, R13
	JZ   tail6x8

loop6x8:
	STEP6x8
	STEP6x8
	STEP6x8
	STEP6x8
	DECQ R13
	JNZ  loop6x8

tail6x8:
	ANDQ $3, DX
	JZ   store6x8

step6x8:
	STEP6x8
	DECQ DX
	JNZ  step6x8

store6x8:
	MOVQ c_base+80(FP), CX
	MOVQ cs+104(FP), R12
	SHLQ $2, R12
	CMPB add+112(FP), $0
	JEQ  overwrite6x8
	ADDROWY1(Y0)
	ADDROWY1(Y1)
	ADDROWY1(Y2)
	ADDROWY1(Y3)
	ADDROWY1(Y4)
	ADDROWY1(Y5)
	VZEROUPPER
	RET

overwrite6x8:
	STOREROWY1(Y0)
	STOREROWY1(Y1)
	STOREROWY1(Y2)
	STOREROWY1(Y3)
	STOREROWY1(Y4)
	STOREROWY1(Y5)
	VZEROUPPER
	RET
