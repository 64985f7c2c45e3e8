package vec

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

// adamGo is the reference: the same operations, one element at a time.
func adamGo(p, g, m, v []float32, s AdamStep) {
	c1, c2 := s.OneMinusBeta1, s.OneMinusBeta2
	for i := range p {
		gi := g[i]
		mi := s.Beta1*m[i] + c1*gi
		vi := s.Beta2*v[i] + c2*(gi*gi)
		m[i], v[i] = mi, vi
		p[i] -= s.Step * (mi / (sqrt32(vi)*s.InvC2 + s.Eps))
	}
}
