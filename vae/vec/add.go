package vec

// Add sets dst += x element-wise, as a bias gradient sums a batch's rows.
func Add(dst, x []float32) {
	n := len(x)
	if len(dst) != n {
		panic("vec: Add: dst and x differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		addAVX2(dst[:done], x)
	}
	addGo(dst[done:], x[done:])
}

func addGo(dst, x []float32) {
	for i, v := range x {
		dst[i] += v
	}
}

// ScaledSub sets dst = s·(a − b) element-wise: the Bernoulli loss's
// gradient s·(σ(l) − x) from the probabilities its forward pass kept. Each
// element is rounded twice, after the subtraction and after the product,
// in either path, so both give the same bits.
func ScaledSub(dst, a, b []float32, s float32) {
	n := len(dst)
	if len(a) != n || len(b) != n {
		panic("vec: ScaledSub: dst, a and b differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		scaledSubAVX2(dst[:done], a, b, s)
	}
	scaledSubGo(dst[done:], a[done:], b[done:], s)
}

func scaledSubGo(dst, a, b []float32, s float32) {
	b = b[:len(a)]
	for i, v := range a {
		dst[i] = s * (v - b[i])
	}
}
