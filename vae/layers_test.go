package vae

import "testing"

func TestLinearGradients(t *testing.T) {
	for _, tc := range []struct{ b, in, out int }{{1, 1, 1}, {3, 5, 4}, {7, 13, 9}} {
		rng := newRNG(1)
		b := NewBlock(1, 1, LayerSize{"fc", tc.in, tc.out})
		defer b.Close()
		l, params, grads := b.Layers()[0], b.Params, b.Grads
		copy(params, randMat(rng, 1, len(params), 0.5).Data)
		x := randMat(rng, tc.b, tc.in, 1)
		r := randMat(rng, tc.b, tc.out, 1) // loss = Σ y⊙r, so dy = r
		y := NewMat(tc.b, tc.out)
		loss := func() float64 { l.Forward(y, x); return dot(y, r) }
		loss()
		dx := NewMat(tc.b, tc.in)
		l.Backward(dx, r, x)
		checkGrad(t, "Linear dW+dB", params, grads, loss)
		checkGrad(t, "Linear dx", x.Data, dx.Data, loss)
	}
}

func TestActivationGradients(t *testing.T) {
	rng := newRNG(2)
	// Inputs are kept at least 0.05 from ReLU's kink at 0, farther than
	// the finite-difference step, where the derivative does not exist.
	x := uniformMat(rng, 4, 6, 0.05, 2)
	for i := range x.Data {
		if rng.IntN(2) == 0 {
			x.Data[i] = -x.Data[i]
		}
	}
	r := randMat(rng, 4, 6, 1)
	y := NewMat(4, 6)
	for _, tc := range []struct {
		name     string
		forward  func(y, x Mat)
		backward func(dx, dy, y Mat)
	}{
		{"ReLU", ReLUForward, ReLUBackward},
	} {
		loss := func() float64 { tc.forward(y, x); return dot(y, r) }
		loss()
		dx := NewMat(4, 6)
		tc.backward(dx, r, y)
		checkGrad(t, tc.name+" dx", x.Data, dx.Data, loss)
	}
}

func TestSigmoidIsStable(t *testing.T) {
	for _, tc := range []struct{ x, want float32 }{{0, 0.5}, {100, 1}, {-100, 0}, {1e30, 1}, {-1e30, 0}} {
		if got := sigmoid(tc.x); got != tc.want && (tc.x == 0 || got < 0 || got > 1 || (tc.want == 1 && got < 0.999999) || (tc.want == 0 && got > 1e-30)) {
			t.Errorf("sigmoid(%g) = %g, want %g", tc.x, got, tc.want)
		}
	}
}

func TestBCEFromLogitsIsStable(t *testing.T) {
	logits := MatFrom(1, 4, []float32{-1000, 1000, 0, 30})
	x := MatFrom(1, 4, []float32{0, 1, 0.5, 0})
	got := BCEForward(Mat{}, logits, x, nil)
	// −log σ(−1000) = 0, −log σ(1000) = 0, BCE(0.5 | 0) = log 2, softplus(30) ≈ 30.
	want := 0 + 0 + 0.6931471805599453 + 30.000000000000092
	if d := got - want; d > 1e-6 || d < -1e-6 {
		t.Errorf("BCEForward = %.12g, want %.12g", got, want)
	}
}

func TestLossGradients(t *testing.T) {
	rng := newRNG(3)
	logits := randMat(rng, 3, 5, 2)
	x := uniformMat(rng, 3, 5, 0, 1)
	dl, probs := NewMat(3, 5), NewMat(3, 5)

	bce := func() float64 { return BCEForward(probs, logits, x, nil) }
	bce()
	BCEBackward(dl, probs, x, 1)
	checkGrad(t, "BCE dlogits", logits.Data, dl.Data, bce)

	dx := NewMat(3, 5)
	bceTargetBackward(dx, logits)
	checkGrad(t, "BCE dx (target)", x.Data, dx.Data, bce)

	const s = 0.3
	mean := NewMat(3, 5)
	gauss := func() float64 { return GaussianForward(mean, logits, x, s, nil) }
	gauss()
	clear(dx.Data)
	gaussianTargetBackward(dx, mean, x, s)
	checkGrad(t, "Gaussian dx (target)", x.Data, dx.Data, gauss)
	GaussianBackward(dl, mean, x, s, 1)
	checkGrad(t, "Gaussian dlogits", logits.Data, dl.Data, gauss)

	// KLForward reads σ = e^(½·logVar) from sd, so the loss recomputes it
	// from logVar, as ReparamForward does in a forward pass.
	mu, logVar := randMat(rng, 3, 4, 1), randMat(rng, 3, 4, 0.5)
	dmu, dlv := NewMat(3, 4), NewMat(3, 4)
	KLBackward(dmu, dlv, mu, sdOf(logVar), 1)
	kl := func() float64 { return KLForward(mu, logVar, sdOf(logVar), nil) }
	checkGrad(t, "KL dmu", mu.Data, dmu.Data, kl)
	checkGrad(t, "KL dlogVar", logVar.Data, dlv.Data, kl)
}

func TestReparamGradients(t *testing.T) {
	rng := newRNG(4)
	mu, logVar := randMat(rng, 3, 4, 1), randMat(rng, 3, 4, 0.5)
	z, eps, sd := NewMat(3, 4), NewMat(3, 4), NewMat(3, 4)
	r := randMat(rng, 3, 4, 1)
	// Re-seeding the noise makes every evaluation draw the same eps: the
	// gradient is taken with the noise held fixed, which is the point.
	loss := func() float64 { ReparamForward(z, eps, sd, mu, logVar, newRNG(99)); return dot(z, r) }
	loss()
	dmu, dlv := NewMat(3, 4), NewMat(3, 4)
	ReparamBackward(dmu, dlv, r, eps, sd)
	checkGrad(t, "Reparam dmu", mu.Data, dmu.Data, loss)
	checkGrad(t, "Reparam dlogVar", logVar.Data, dlv.Data, loss)
}
