package vec

// AllFinite reports whether no element of x is NaN or ±Inf: whether no
// element has every exponent bit set. Training checks every step's
// gradients with it, so it is one pass at memory speed.
func AllFinite(x []float32) bool {
	done := 0
	if useAVX2 {
		done = len(x) &^ 7
		if !allFiniteAVX2(x[:done]) {
			return false
		}
	}
	return allFiniteGo(x[done:])
}

const expBits = 0x7f800000

func allFiniteGo(x []float32) bool {
	for _, v := range x {
		if bits(v)&expBits == expBits {
			return false
		}
	}
	return true
}
