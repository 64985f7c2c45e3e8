package iwae

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/vaelab/govae/vae"
)

// activations are the buffers of one forward and backward pass of B
// digits with k samples each, R = B·k rows. They are allocated for the
// largest B and R seen and resliced for smaller ones.
type activations struct {
	capB, capR      int
	k               int
	x               vae.Mat   // (B, D) the batch Forward saw
	eh, deh         []vae.Mat // (B, H_l) encoder hidden outputs, and their gradients
	mu, logVar      vae.Mat   // (B, Z)
	dmu, dlogVar    vae.Mat   // (B, Z)
	muK, logVarK    vae.Mat   // (R, Z) each digit's row repeated k times
	dmuK, dlogVarK  vae.Mat   // (R, Z)
	eps, sd, z, dz  vae.Mat   // (R, Z); sd σ = e^(logVar/2), kept by vae.ReparamForward
	dh, ddh         []vae.Mat // (R, H_l) decoder hidden outputs, and their gradients
	xK              vae.Mat   // (R, D) each digit repeated k times: the targets
	logits, dlogits vae.Mat   // (R, D)
	probs           vae.Mat   // (R, D) σ(logits), kept by vae.BCEForward
	recon           []float64 // (R) −log p(x|z_i)
	logPz, logQz    []float64 // (R) log p(z_i), log q(z_i|x)
	logw, wnorm     []float64 // (R) log weights; normalized weights, kept by BoundForward
	dlogw           []float64 // (R)
	drow            []float64 // (R) scratch: a gradient per row
	bounds, dbounds []float64 // (B) L_k of each digit
	storeB, storeR  []vae.Mat
	forwardDone     bool
}

// ensure points the buffers at b digits of k samples, allocating only when
// b or b·k exceeds what was seen before.
func (m *Model) ensure(b, k int) *activations {
	a := &m.acts
	c := m.Config
	r := b * k
	L := len(c.Hidden)
	if len(a.eh) != L {
		a.eh, a.deh, a.dh, a.ddh = make([]vae.Mat, L), make([]vae.Mat, L), make([]vae.Mat, L), make([]vae.Mat, L)
	}
	bViews := []*vae.Mat{&a.mu, &a.logVar, &a.dmu, &a.dlogVar}
	bCols := []int{c.Latent, c.Latent, c.Latent, c.Latent}
	for l := range L {
		bViews = append(bViews, &a.eh[l], &a.deh[l])
		bCols = append(bCols, c.Hidden[l], c.Hidden[l])
	}
	rViews := []*vae.Mat{&a.muK, &a.logVarK, &a.dmuK, &a.dlogVarK, &a.eps, &a.sd, &a.z, &a.dz, &a.xK, &a.logits, &a.dlogits, &a.probs}
	rCols := []int{c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Latent, c.Input, c.Input, c.Input, c.Input}
	for l := range L {
		rViews = append(rViews, &a.dh[l], &a.ddh[l])
		rCols = append(rCols, c.Hidden[L-1-l], c.Hidden[L-1-l])
	}
	if b > a.capB || a.storeB == nil {
		a.capB = max(b, 1)
		a.storeB = make([]vae.Mat, len(bViews))
		for i := range bViews {
			a.storeB[i] = vae.NewMat(a.capB, bCols[i])
		}
		a.bounds, a.dbounds = make([]float64, a.capB), make([]float64, a.capB)
	}
	if r > a.capR || a.storeR == nil {
		a.capR = max(r, 1)
		a.storeR = make([]vae.Mat, len(rViews))
		for i := range rViews {
			a.storeR[i] = vae.NewMat(a.capR, rCols[i])
		}
		for _, s := range []*[]float64{&a.recon, &a.logPz, &a.logQz, &a.logw, &a.wnorm, &a.dlogw, &a.drow} {
			*s = make([]float64, a.capR)
		}
	}
	for i, v := range bViews {
		*v = a.storeB[i].Slice(0, b)
	}
	for i, v := range rViews {
		*v = a.storeR[i].Slice(0, r)
	}
	a.bounds, a.dbounds = a.bounds[:b], a.dbounds[:b]
	for _, s := range []*[]float64{&a.recon, &a.logPz, &a.logQz, &a.logw, &a.wnorm, &a.dlogw, &a.drow} {
		*s = (*s)[:r]
	}
	a.k = k
	a.forwardDone = false
	return a
}

// Forward runs a batch of binary digits x (B, D) through the model with k
// samples each, eps drawn from rng, and returns the batch's loss, summed
// over its digits:
//
//	Total = −Σ_x L_k(x)                          the objective Backward differentiates
//	Recon = Σ_x (1/k) Σ_i −log p(x|z_i)          the reconstruction term, averaged over the samples
//	KL    = Σ_x (1/k) Σ_i [log q(z_i|x) − log p(z_i)]   the KL term, sampled
//
// Recon + KL is −L_1 averaged over the same k samples, the negative
// ELBO, so Recon + KL − Total ≥ 0 is what the k samples gained (Jensen);
// at k = 1 the two are equal. Forward keeps x and every activation for
// Backward, so x must not change until Backward has run. It panics if
// k < 1, rng is nil, or x does not have D columns.
func (m *Model) Forward(x vae.Mat, k int, rng *rand.Rand) vae.Loss {
	c := m.Config
	mustShape("Model.Forward digits x", x, x.Rows, c.Input)
	if k < 1 || rng == nil {
		panic(fmt.Sprintf("iwae: Model.Forward needs k ≥ 1 and a random source, got k = %d and rng %v", k, rng))
	}
	a := m.ensure(x.Rows, k)
	a.x = x

	// Encoder: h_l = act(h_{l−1}·W + b), then mu and logVar of q(z|x).
	in := x
	for l, fc := range m.Enc {
		fc.Forward(a.eh[l], in)
		m.actForward(a.eh[l])
		in = a.eh[l]
	}
	m.FcMu.Forward(a.mu, in)
	m.FcLogVar.Forward(a.logVar, in)

	// k samples per digit: each row repeated k times, then z = mu + σ ⊙ eps.
	RepeatForward(a.muK, a.mu, k)
	RepeatForward(a.logVarK, a.logVar, k)
	RepeatForward(a.xK, x, k)
	vae.ReparamForward(a.z, a.eps, a.sd, a.muK, a.logVarK, rng)

	// Decoder, on all B·k samples at once.
	in = a.z
	for l, fc := range m.Dec {
		fc.Forward(a.dh[l], in)
		m.actForward(a.dh[l])
		in = a.dh[l]
	}
	m.FcOut.Forward(a.logits, in)

	// log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x), each term a layer.
	clear(a.recon)
	clear(a.logPz)
	clear(a.logQz)
	m.parallelRows(a.logits.Rows, func(lo, hi int) {
		vae.BCEForward(a.probs.Slice(lo, hi), a.logits.Slice(lo, hi), a.xK.Slice(lo, hi), a.recon[lo:hi])
	})
	LogPriorForward(a.logPz, a.z)
	LogPosteriorForward(a.logQz, a.z, a.muK, a.logVarK, a.sd)
	loss := vae.Loss{N: x.Rows}
	for r := range a.logw {
		a.logw[r] = -a.recon[r] + a.logPz[r] - a.logQz[r]
		loss.Recon += a.recon[r]
		loss.KL += a.logQz[r] - a.logPz[r]
	}
	loss.Recon /= float64(k)
	loss.KL /= float64(k)

	// The bound of each digit, and its normalized weights for Backward.
	BoundForward(a.bounds, a.wnorm, a.logw, k)
	for _, b := range a.bounds {
		loss.Total -= b
	}
	a.forwardDone = true
	return loss
}

// Backward adds ∂Loss.Total/∂Params of the last Forward into Grads (call
// ZeroGrad first), walking Forward in reverse. The chain rule starts at
// ∂Total/∂L_k = −1 for each digit, so ∂Total/∂log w_i = −w̃_i.
//
// It panics if no Forward preceded it.
func (m *Model) Backward() {
	a := &m.acts
	if !a.forwardDone {
		panic("iwae: Model.Backward called before Model.Forward")
	}
	k := a.k
	for _, g := range append([]vae.Mat{a.dmu, a.dlogVar, a.dmuK, a.dlogVarK, a.dz}, append(a.deh, a.ddh...)...) {
		clear(g.Data)
	}
	clear(a.dlogw)

	// Total = −Σ L_k: through the bound to each log weight.
	for b := range a.dbounds {
		a.dbounds[b] = -1
	}
	BoundBackward(a.dlogw, a.dbounds, a.wnorm, k)

	// log w = −recon + log p(z) − log q(z|x): the reconstruction of each
	// sample is scaled by −∂Total/∂log w_i = w̃_i.
	m.parallelRows(a.logits.Rows, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			vae.BCEBackward(a.dlogits.Slice(r, r+1), a.probs.Slice(r, r+1), a.xK.Slice(r, r+1), float32(-a.dlogw[r]))
		}
	})

	// Decoder, in reverse, down to ∂Total/∂z.
	L := len(m.Dec)
	m.FcOut.Backward(a.ddh[L-1], a.dlogits, a.dh[L-1])
	for l := L - 1; l >= 0; l-- {
		m.actBackward(a.ddh[l], a.dh[l])
		if l > 0 {
			m.Dec[l].Backward(a.ddh[l-1], a.ddh[l], a.dh[l-1])
		} else {
			m.Dec[0].Backward(a.dz, a.ddh[0], a.z)
		}
	}

	// The two log-densities at the sample: +log p(z), −log q(z|x).
	LogPriorBackward(a.dz, a.dlogw, a.z)
	for r, g := range a.dlogw {
		a.drow[r] = -g
	}
	LogPosteriorBackward(a.dz, a.dmuK, a.dlogVarK, a.drow, a.z, a.muK, a.sd)

	// Latent: z = mu + σ ⊙ eps, then the k copies of each row summed.
	vae.ReparamBackward(a.dmuK, a.dlogVarK, a.dz, a.eps, a.sd)
	RepeatBackward(a.dmu, a.dmuK, k)
	RepeatBackward(a.dlogVar, a.dlogVarK, k)

	// Encoder, in reverse.
	E := len(m.Enc)
	m.FcMu.Backward(a.deh[E-1], a.dmu, a.eh[E-1])
	m.FcLogVar.Backward(a.deh[E-1], a.dlogVar, a.eh[E-1])
	for l := E - 1; l >= 0; l-- {
		m.actBackward(a.deh[l], a.eh[l])
		if l > 0 {
			m.Enc[l].Backward(a.deh[l-1], a.deh[l], a.eh[l-1])
		} else {
			m.Enc[0].Backward(vae.Mat{}, a.deh[0], a.x) // x is data: no gradient
		}
	}
}

// lastLogWeights returns the log weights of the last Forward
// (len B·k, digit after digit), reused by the next Forward.
func (m *Model) lastLogWeights() []float64 { return m.acts.logw }

// parallelRows runs f on blocks of [0, n) on the model's threads at once:
// the per-pixel log and exp of the Bernoulli term cost about as much as
// the decoder's products at large k, and rows are independent.
func (m *Model) parallelRows(n int, f func(lo, hi int)) {
	t := m.Config.Threads
	if t == 0 {
		t = runtime.GOMAXPROCS(0)
	}
	per := max((n+t-1)/t, 64)
	if per >= n {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}
