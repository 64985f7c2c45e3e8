package vec

// ScaleBytes sets dst[i] = float32(src[i]) * scale: a batch of 8-bit
// pixels becomes floats, e.g. in [0, 1] with scale 1/255.
func ScaleBytes(dst []float32, src []uint8, scale float32) {
	n := len(src)
	if len(dst) != n {
		panic("vec: ScaleBytes: dst and src differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		scaleBytesAVX2(dst[:done], src, scale)
	}
	scaleBytesGo(dst[done:], src[done:], scale)
}

func scaleBytesGo(dst []float32, src []uint8, scale float32) {
	for i, p := range src {
		dst[i] = float32(p) * scale
	}
}
