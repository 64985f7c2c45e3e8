package vec

// BCE computes, for one row of logits l and targets x in [0, 1], the
// binary cross-entropy from logits and the probabilities its gradient
// needs, in one pass:
//
//	loss = Σ_j softplus(l_j) − x_j·l_j = Σ_j max(l_j, 0) − x_j·l_j + log(1 + e^(−|l_j|))
//	p_j  = σ(l_j) = 1/(1 + e^(−l_j))
//
// Both need e = e^(−|l|), which is never above 1, so neither overflows.
// BCE writes p and returns the loss, summed in float64: each term is a
// float32, but a row of 784 of them summed in float32 would carry errors
// of ~1e-5 that swamp a finite-difference check. The three slices must
// have the same length.
func BCE(p, l, x []float32) float64 {
	n := len(l)
	if len(x) != n || len(p) != n {
		panic("vec: BCE: logits, targets and probabilities differ in length")
	}
	done := 0
	var sum float64
	if useAVX2 {
		done = n &^ 7
		sum = bceAVX2(p[:done], l, x)
	}
	return sum + bceGo(p[done:], l[done:], x[done:])
}

// bceGo is the reference: the same operations, one element at a time.
func bceGo(p, l, x []float32) float64 {
	var sum float64
	for j, lj := range l {
		a := abs32(lj)
		e := exp32(-a)
		u := 1 + e
		sum += float64(max(lj, 0) - x[j]*lj + log32(u))
		num := float32(1)
		if lj < 0 {
			num = e
		}
		p[j] = num / u
	}
	return sum
}
