package vec

import "math"

// AdamStep holds the scalars of one Adam update, as torch.optim.Adam
// computes it at step t:
//
//	m ← β1·m + (1−β1)·g
//	v ← β2·v + (1−β2)·g²
//	p ← p − Step · m / (√v · InvC2 + Eps)
//
// with Step = lr/(1−β1ᵗ) and InvC2 = 1/√(1−β2ᵗ). The complements 1−β are
// given rather than computed in float32, where 1 − float32(0.999) is
// 0.0010000467, not 0.001: torch too computes them in double.
type AdamStep struct {
	Beta1, Beta2                 float32
	OneMinusBeta1, OneMinusBeta2 float32
	Step, InvC2, Eps             float32
}

// Adam applies one update to p from gradients g, updating the moments m
// and v in place. All four slices must have the same length.
//
// Numbers below the smallest normal float32 (about 1.2e-38) are taken as 0,
// in the moments and in the gradients. A weight whose gradient stays 0 (a
// pixel that is blank in every digit) sees its first moment shrink by β1
// each step and reach that range after about 800 steps; on many Intel
// cores every operation on such a subnormal number costs a microcode
// assist, which doubled the epoch time. Flushed, the moment becomes 0 and
// stays 0. That changes the last bits of a run (the update of a moment of
// 1e-38 is itself far below any weight's rounding), not its results.
func Adam(p, g, m, v []float32, s AdamStep) {
	n := len(p)
	if len(g) != n || len(m) != n || len(v) != n {
		panic("vec: Adam: p, g, m and v differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		adamAVX2(p[:done], g, m, v, &s)
	}
	adamGo(p[done:], g[done:], m[done:], v[done:], s)
}

// adamGo is the reference: the same operations, one element at a time,
// with every moment and gradient below the smallest normal float32 taken
// as 0 when read and stored as 0 when written, as the AVX2 path's
// denormals-are-zero and flush-to-zero modes treat them.
func adamGo(p, g, m, v []float32, s AdamStep) {
	c1, c2 := s.OneMinusBeta1, s.OneMinusBeta2
	for i := range p {
		gi := flush(g[i])
		mi := flush(s.Beta1*flush(m[i]) + c1*gi)
		vi := flush(s.Beta2*flush(v[i]) + c2*flush(gi*gi))
		m[i], v[i] = mi, vi
		p[i] -= s.Step * (mi / (sqrt32(vi)*s.InvC2 + s.Eps))
	}
}

// flush returns x, or 0 with x's sign when x is subnormal, as the CPU's
// flush-to-zero and denormals-are-zero modes treat it. It looks at the
// bits rather than compare or multiply, since on some CPUs a comparison
// or product with a subnormal operand is itself the slow path.
func flush(x float32) float32 {
	b := math.Float32bits(x)
	if b&0x7f800000 == 0 { // exponent 0: zero or subnormal
		b &= 0x80000000
	}
	return math.Float32frombits(b)
}
