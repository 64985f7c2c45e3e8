package vqvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

func tiny(t *testing.T) (*Model, vae.Mat) {
	t.Helper()
	m, err := New(Config{Codes: 5, Dim: 2, C1: 2, Beta: 0.4, Threads: 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	// Codes at distinct encoder outputs, so that several are chosen and
	// no two tie.
	x := gradcheck.Digits(2, newRNG(4))
	m.Forward(x, nil)
	d, ze, rng := m.Config.Dim, m.acts.ze.Data, newRNG(8)
	c := 0
	for n := 0; n+d <= len(ze) && c < m.Config.Codes; n += d {
		v, far := ze[n:n+d], true
		for k := range c {
			var dist float32
			for j, e := range m.Codebook.Row(k) {
				dist += (v[j] - e) * (v[j] - e)
			}
			far = far && dist > 0.01
		}
		if far {
			// Beside the output, not on it: outputs repeat (the blank
			// background), and a code on one would sit on ties.
			for j, e := range v {
				m.Codebook.Row(c)[j] = e + float32(0.05*rng.NormFloat64())
			}
			c++
		}
	}
	if c < m.Config.Codes {
		t.Fatalf("only %d distinct encoder outputs", c)
	}
	return m, x
}

// chosen is the side of the quantizer's kinks the loss is computed on:
// the codes chosen (a step that changes a code jumps).
func chosen(m *Model) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range m.acts.codes {
		h = (h ^ uint64(c)) * 1099511628211 // FNV-1a of the codes in order
	}
	return h
}

// kinks adds the ReLUs' zeros to chosen.
func kinks(m *Model) uint64 {
	return gradcheck.Signature(m.acts.h1.Data, m.acts.h3.Data) ^ chosen(m)
}

// The decoder's parameters reach the loss only through the
// reconstruction, whose gradient Backward computes in full.
func TestDecoderGradients(t *testing.T) {
	m, x := tiny(t)
	loss := func() (float64, uint64) { l := m.Forward(x, nil); return l.Recon, kinks(m) }
	loss()
	m.ZeroGrad()
	m.Backward()
	n := len(m.Conv1.W) + len(m.Conv1.B) + len(m.Conv2.W) + len(m.Conv2.B) + len(m.Codebook.W)
	gradcheck.Default.CheckOffKinks(t, "decoder", m.Params[n:], m.Grads[n:], loss, 0.1)
}

// The codebook gets only the codebook term's gradient, 2(e − ze): the
// straight-through estimator sends the reconstruction's gradient to the
// encoder instead. So Grads of the codebook are the finite differences of
// Σ‖ze − e‖² alone, with ze fixed.
func TestCodebookGradient(t *testing.T) {
	m, _ := tiny(t)
	// Noise, not digits: every window differs, so no crowd of identical
	// background vectors sits on one boundary between two codes.
	x := vae.NewMat(2, Side*Side)
	rng := newRNG(9)
	for i := range x.Data {
		x.Data[i] = rng.Float32()
	}
	loss := func() (float64, uint64) { m.Forward(x, nil); return m.VQLoss(), chosen(m) }
	loss()
	m.ZeroGrad()
	m.Backward()
	lo := len(m.Conv1.W) + len(m.Conv1.B) + len(m.Conv2.W) + len(m.Conv2.B)
	hi := lo + len(m.Codebook.W)
	gradcheck.Default.CheckOffKinks(t, "codebook", m.Params[lo:hi], m.Grads[lo:hi], loss, 0.1)
	used := 0
	for c := range m.Config.Codes {
		for _, g := range m.Codebook.GradRow(c) {
			if g != 0 {
				used++
				break
			}
		}
	}
	if used < 2 {
		t.Errorf("only %d codes chosen: the test checks little", used)
	}
}

// The encoder's gradient is the straight-through estimator's: the exact
// gradient of the surrogate
//
//	recon(decoder(zq₀ + ze − ze₀)) + β‖ze − e‖²,
//
// in which the codes zq₀ = e chosen at the current point ze₀ are fixed and
// ze's changes pass to the decoder unchanged.
func TestEncoderGradientIsStraightThrough(t *testing.T) {
	m, x := tiny(t)
	m.Forward(x, nil)
	m.ZeroGrad()
	m.Backward()
	a := &m.acts
	ze0, zq0 := a.ze.Clone(), a.zq.Clone()
	surrogate := func() (float64, uint64) {
		m.ensure(x.Rows)
		m.Conv1.Forward(a.h1, a.cols1, x)
		vae.ReLUForward(a.h1, a.h1)
		m.Conv2.Forward(a.ze, a.cols2, a.h1)
		zq := vae.NewMat(zq0.Rows, zq0.Cols)
		var commit float64
		for i := range zq.Data {
			zq.Data[i] = zq0.Data[i] + a.ze.Data[i] - ze0.Data[i]
			d := float64(a.ze.Data[i] - zq0.Data[i])
			commit += d * d
		}
		m.decode(zq)
		l := vae.BCEForward(a.probs, a.logits, x, nil)
		return l + m.Config.Beta*commit, gradcheck.Signature(a.h1.Data, a.h3.Data)
	}
	n := len(m.Conv1.W) + len(m.Conv1.B) + len(m.Conv2.W) + len(m.Conv2.B)
	gradcheck.Default.CheckOffKinks(t, "encoder", m.Params[:n], append([]float32(nil), m.Grads[:n]...), surrogate, 0.1)
}
