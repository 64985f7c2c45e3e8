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
