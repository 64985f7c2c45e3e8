package vec

// ReLU sets y = max(x, 0) element-wise; y and x may be the same slice. A
// NaN in x stays NaN in y, so a bad value upstream is not hidden.
func ReLU(y, x []float32) {
	n := len(x)
	if len(y) != n {
		panic("vec: ReLU: x and y differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		reluAVX2(y[:done], x)
	}
	reluGo(y[done:], x[done:])
}

// ReLUBackward sets dx = dy where y > 0, else 0; dx and dy may be the same
// slice. y is ReLU's output, positive exactly where its input was.
func ReLUBackward(dx, dy, y []float32) {
	n := len(y)
	if len(dx) != n || len(dy) != n {
		panic("vec: ReLUBackward: dx, dy and y differ in length")
	}
	done := 0
	if useAVX2 {
		done = n &^ 7
		reluBackwardAVX2(dx[:done], dy, y)
	}
	reluBackwardGo(dx[done:], dy[done:], y[done:])
}

func reluGo(y, x []float32) {
	for i, v := range x {
		if v < 0 { // not max(v, 0) alone: keep NaN as NaN either way
			v = 0
		}
		y[i] = v
	}
}

func reluBackwardGo(dx, dy, y []float32) {
	for i, v := range y {
		g := dy[i]
		if !(v > 0) {
			g = 0
		}
		dx[i] = g
	}
}
