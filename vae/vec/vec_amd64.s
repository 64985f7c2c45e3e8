//go:build amd64 && !noasm

#include "textflag.h"

// The constants of the float32 exp and log, laid out as math.go names them.

DATA bceConst<>+0(SB)/4, $0x7fffffff // absmask
DATA bceConst<>+4(SB)/4, $0xc2ae999a // expMin = -87.3
DATA bceConst<>+8(SB)/4, $0x3fb8aa3b // log2e = 1.4426950408889634
DATA bceConst<>+12(SB)/4, $0x3f318000 // ln2Hi = 0.693359375
DATA bceConst<>+16(SB)/4, $0xb95e8083 // ln2Lo = -0.00021219444
DATA bceConst<>+20(SB)/4, $0x39506967 // p0 = 0.000198756915
DATA bceConst<>+24(SB)/4, $0x3ab743ce // p1 = 0.0013981999507
DATA bceConst<>+28(SB)/4, $0x3c088908 // p2 = 0.0083334519073
DATA bceConst<>+32(SB)/4, $0x3d2aa9c1 // p3 = 0.041665795894
DATA bceConst<>+36(SB)/4, $0x3e2aaaaa // p4 = 0.16666665459
DATA bceConst<>+40(SB)/4, $0x3f000000 // p5 = 0.50000001201
DATA bceConst<>+44(SB)/4, $0x3fb504f3 // sqrt2 = 1.41421356
DATA bceConst<>+48(SB)/4, $0x3f000000 // half = 0.5
DATA bceConst<>+52(SB)/4, $0x3d9021bb // q0 = 0.070376836292
DATA bceConst<>+56(SB)/4, $0xbdebd1b8 // q1 = -0.1151461031
DATA bceConst<>+60(SB)/4, $0x3def251a // q2 = 0.1167699874
DATA bceConst<>+64(SB)/4, $0xbdfe5d4f // q3 = -0.12420140846
DATA bceConst<>+68(SB)/4, $0x3e11e9bf // q4 = 0.14249322787
DATA bceConst<>+72(SB)/4, $0xbe2aae50 // q5 = -0.16668057665
DATA bceConst<>+76(SB)/4, $0x3e4cceac // q6 = 0.20000714765
DATA bceConst<>+80(SB)/4, $0xbe7ffffc // q7 = -0.24999993993
DATA bceConst<>+84(SB)/4, $0x3eaaaaaa // q8 = 0.33333331174
DATA bceConst<>+88(SB)/4, $0x3f800000 // one = 1.0
DATA bceConst<>+92(SB)/4, $0x0000007f // bias
GLOBL bceConst<>(SB), RODATA|NOPTR, $96

// func adamAVX2(p, g, m, v []float32, s *AdamStep)
//
// Eight parameters per iteration; len(p) is a multiple of 8 and g, m, v
// are at least as long. Each line is one line of adamGo. The loop runs
// with MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6) set,
// and the caller's MXCSR is restored before returning: a result below the
// smallest normal float32 is stored as 0 and a subnormal input is read as
// 0, as adamGo's flush does, so no operation takes the slow microcode path
// some CPUs have for subnormal numbers.
TEXT ·adamAVX2(SB), NOSPLIT, $8-104
	STMXCSR saved-8(SP)
	MOVL saved-8(SP), BX
	ORL  $0x8040, BX // FTZ | DAZ
	MOVL BX, flush-4(SP)
	LDMXCSR flush-4(SP)
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ s+96(FP), AX
	VBROADCASTSS 0(AX), Y10  // β1
	VBROADCASTSS 4(AX), Y11  // β2
	VBROADCASTSS 8(AX), Y8   // 1 − β1
	VBROADCASTSS 12(AX), Y9  // 1 − β2
	VBROADCASTSS 16(AX), Y12 // Step
	VBROADCASTSS 20(AX), Y13 // InvC2
	VBROADCASTSS 24(AX), Y14 // Eps
	SHRQ $3, CX
	JZ   adamDone

adamLoop:
	VMOVUPS (SI), Y0         // g
	VMULPS  (R8), Y10, Y1    // m = β1·m
	VFMADD231PS Y0, Y8, Y1   //   + (1−β1)·g
	VMULPS  Y0, Y0, Y2       // g²
	VMULPS  (R9), Y11, Y3    // v = β2·v
	VFMADD231PS Y2, Y9, Y3   //   + (1−β2)·g²
	VMOVUPS Y1, (R8)
	VMOVUPS Y3, (R9)
	VSQRTPS Y3, Y4           // √v
	VFMADD213PS Y14, Y13, Y4 // √v·InvC2 + Eps
	VDIVPS  Y4, Y1, Y5       // m / (…)
	VMOVUPS (DI), Y6
	VFNMADD231PS Y5, Y12, Y6 // p −= Step·(…)
	VMOVUPS Y6, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	DECQ CX
	JNZ  adamLoop

adamDone:
	LDMXCSR saved-8(SP)
	VZEROUPPER
	RET

// func bceAVX2(p, l, x []float32) float64
//
// Eight elements per iteration; len(p) is a multiple of 8 and l, x are at
// least as long. It follows bceGo, exp32 and log32 step by step.
//
//	Y0 l   Y1 x   Y2 |l|   Y3 t, r   Y4 n   Y5 e   Y6 u   Y7 log u
//	Y8 mask, k   Y9 z   Y10 f   Y11 127   Y12 1   Y13 0   Y14 abs mask   Y15 Σ (4 float64)
TEXT ·bceAVX2(SB), NOSPLIT, $0-80
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ l_base+24(FP), SI
	MOVQ x_base+48(FP), DX
	VBROADCASTSS bceConst<>+92(SB), Y11
	VBROADCASTSS bceConst<>+88(SB), Y12
	VXORPS Y13, Y13, Y13
	VBROADCASTSS bceConst<>+0(SB), Y14
	VXORPS Y15, Y15, Y15
	SHRQ $3, CX
	JZ   bceDone

bceLoop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VANDPS  Y14, Y0, Y2      // a = |l|
	VSUBPS  Y2, Y13, Y3      // t = −a

	// e = exp32(t)
	VBROADCASTSS bceConst<>+4(SB), Y4
	VMAXPS  Y4, Y3, Y3       // t = max(t, expMin)
	VBROADCASTSS bceConst<>+8(SB), Y4
	VMULPS  Y4, Y3, Y4
	VROUNDPS $0, Y4, Y4      // n = round(t·log2e), ties to even
	VBROADCASTSS bceConst<>+12(SB), Y5
	VFNMADD231PS Y5, Y4, Y3  // r = t − n·ln2Hi
	VBROADCASTSS bceConst<>+16(SB), Y5
	VFNMADD231PS Y5, Y4, Y3  // r −= n·ln2Lo
	VBROADCASTSS bceConst<>+20(SB), Y5
	VBROADCASTSS bceConst<>+24(SB), Y6
	VFMADD213PS Y6, Y3, Y5   // y = y·r + p1
	VBROADCASTSS bceConst<>+28(SB), Y6
	VFMADD213PS Y6, Y3, Y5
	VBROADCASTSS bceConst<>+32(SB), Y6
	VFMADD213PS Y6, Y3, Y5
	VBROADCASTSS bceConst<>+36(SB), Y6
	VFMADD213PS Y6, Y3, Y5
	VBROADCASTSS bceConst<>+40(SB), Y6
	VFMADD213PS Y6, Y3, Y5
	VMULPS  Y3, Y3, Y6       // r²
	VFMADD213PS Y3, Y6, Y5   // y = y·r² + r
	VADDPS  Y12, Y5, Y5      //   + 1
	VCVTPS2DQ Y4, Y6
	VPADDD  Y11, Y6, Y6
	VPSLLD  $23, Y6, Y6      // 2ⁿ as float bits
	VMULPS  Y6, Y5, Y5       // e

	// log(u), u = 1 + e in (1, 2]
	VADDPS  Y12, Y5, Y6      // u
	VBROADCASTSS bceConst<>+44(SB), Y7
	VCMPPS  $0x0d, Y7, Y6, Y8 // mask = u ≥ √2
	VBROADCASTSS bceConst<>+48(SB), Y9
	VMULPS  Y9, Y6, Y9       // u·½
	VBLENDVPS Y8, Y9, Y6, Y10
	VSUBPS  Y12, Y10, Y10    // f = u−1, or u·½−1 where mask
	VANDPS  Y12, Y8, Y8      // k = 0, or 1 where mask
	VMULPS  Y10, Y10, Y9     // z = f²
	VBROADCASTSS bceConst<>+52(SB), Y7
	VBROADCASTSS bceConst<>+56(SB), Y3
	VFMADD213PS Y3, Y10, Y7  // y = y·f + q1
	VBROADCASTSS bceConst<>+60(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+64(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+68(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+72(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+76(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+80(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VBROADCASTSS bceConst<>+84(SB), Y3
	VFMADD213PS Y3, Y10, Y7
	VMULPS  Y10, Y7, Y7      // y·f
	VMULPS  Y9, Y7, Y7       //   ·z
	VBROADCASTSS bceConst<>+16(SB), Y3
	VFMADD231PS Y3, Y8, Y7   // y += k·ln2Lo
	VBROADCASTSS bceConst<>+48(SB), Y3
	VFNMADD231PS Y3, Y9, Y7  // y −= ½z
	VADDPS  Y10, Y7, Y7      // f + y
	VBROADCASTSS bceConst<>+12(SB), Y3
	VFMADD231PS Y3, Y8, Y7   //   + k·ln2Hi

	// Σ max(l, 0) − x·l + log u
	VMAXPS  Y13, Y0, Y3
	VFNMADD231PS Y1, Y0, Y3
	VADDPS  Y7, Y3, Y3
	VCVTPS2PD X3, Y4         // the sum is kept in float64, as bceGo keeps it
	VADDPD  Y4, Y15, Y15
	VEXTRACTF128 $1, Y3, X4
	VCVTPS2PD X4, Y4
	VADDPD  Y4, Y15, Y15

	// p = num/u, num = e where l < 0, else 1
	VCMPPS  $0x01, Y13, Y0, Y8 // mask = l < 0
	VBLENDVPS Y8, Y5, Y12, Y9
	VDIVPS  Y6, Y9, Y9
	VMOVUPS Y9, (DI)

	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  bceLoop

bceDone:
	VEXTRACTF128 $1, Y15, X0
	VADDPD  X0, X15, X0
	VHADDPD X0, X0, X0
	VMOVSD  X0, ret+72(FP)
	VZEROUPPER
	RET

// func reluAVX2(y, x []float32)
TEXT ·reluAVX2(SB), NOSPLIT, $0-48
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VXORPS Y1, Y1, Y1
	SHRQ $3, CX
	JZ   reluDone

reluLoop:
	VMOVUPS (SI), Y0
	VMAXPS  Y0, Y1, Y0 // max(0, x), which is x when x is NaN
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  reluLoop

reluDone:
	VZEROUPPER
	RET

// func reluBackwardAVX2(dx, dy, y []float32)
TEXT ·reluBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ dy_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	VXORPS Y1, Y1, Y1
	SHRQ $3, CX
	JZ   reluBackDone

reluBackLoop:
	VMOVUPS (DX), Y0
	VCMPPS  $0x0e, Y1, Y0, Y0 // y > 0 (false for NaN)
	VANDPS  (SI), Y0, Y0      // dy where y > 0, else 0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	DECQ CX
	JNZ  reluBackLoop

reluBackDone:
	VZEROUPPER
	RET

// func allFiniteAVX2(x []float32) bool
//
// ORs together, over all of x, a lane mask that is all ones where an
// element's exponent bits are all set (NaN or ±Inf); the answer is whether
// the OR stays zero.
TEXT ·allFiniteAVX2(SB), NOSPLIT, $0-25
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVL $0x7f800000, AX
	MOVQ AX, X2
	VPBROADCASTD X2, Y2 // exponent mask
	VPXOR Y3, Y3, Y3    // OR of the lane masks
	SHRQ $3, CX
	JZ   finiteDone

finiteLoop:
	VPAND   (SI), Y2, Y0
	VPCMPEQD Y2, Y0, Y0
	VPOR    Y0, Y3, Y3
	ADDQ $32, SI
	DECQ CX
	JNZ  finiteLoop

finiteDone:
	VPTEST Y3, Y3
	SETEQ ret+24(FP)
	VZEROUPPER
	RET

// func addAVX2(dst, x []float32)
TEXT ·addAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	SHRQ $3, CX
	JZ   addDone

addLoop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  addLoop

addDone:
	VZEROUPPER
	RET

// func scaledSubAVX2(dst, a, b []float32, s float32)
TEXT ·scaledSubAVX2(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VBROADCASTSS s+72(FP), Y1
	SHRQ $3, CX
	JZ   subDone

subLoop:
	VMOVUPS (SI), Y0
	VSUBPS  (DX), Y0, Y0 // a − b, rounded
	VMULPS  Y1, Y0, Y0   // s·(a − b), rounded
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  subLoop

subDone:
	VZEROUPPER
	RET

// func scaleBytesAVX2(dst []float32, src []uint8, scale float32)
TEXT ·scaleBytesAVX2(SB), NOSPLIT, $0-52
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	VBROADCASTSS scale+48(FP), Y1
	SHRQ $3, CX
	JZ   scaleDone

scaleLoop:
	VPMOVZXBD (SI), Y0 // eight bytes to eight int32
	VCVTDQ2PS Y0, Y0   // exactly, as float32(p) does
	VMULPS    Y1, Y0, Y0
	VMOVUPS   Y0, (DI)
	ADDQ $8, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  scaleLoop

scaleDone:
	VZEROUPPER
	RET
