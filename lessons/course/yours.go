package course

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/vae"
	"github.com/vaelab/govae/vae/vec"
)

// PartsNet is a VAE whose latent layer and loss may be Parts, one row at a
// time, around the Linear and ReLU layers of a vae.Model: the forward and
// backward pass of vae.Model written out with the learner's functions in
// it. A part left nil runs the library's layer function on the whole
// batch (vae.ReparamForward, vae.KLForward, vae.BCEForward and their
// backward passes). Parameters and gradients stay in the Model's flat
// blocks, so the library's optimizer trains it and the Model then samples,
// decodes and saves as any other.
type PartsNet struct {
	Model *vae.Model
	parts Parts
	rows  int // batch size the activations are sized for

	// Activations of the last Forward, (B, ·) each, kept for Backward:
	// sd = σ as vae.ReparamForward keeps it, probs = σ(logits) as
	// vae.BCEForward keeps it.
	x, h1, mu, logVar, eps, sd, z, h3, logits, probs vae.Mat
	dh1, dmu, dlogVar, dz, dh3, dlogits              vae.Mat
}

// NewPartsNet wraps m, a VAE with the Bernoulli likelihood, with parts.
// It panics for any other kind of model.
func NewPartsNet(m *vae.Model, parts Parts) *PartsNet {
	if c := m.Config; c.Kind != vae.VAE || c.Likelihood != vae.Bernoulli {
		panic(fmt.Sprintf("course: NewPartsNet needs a Bernoulli VAE, got %v", m))
	}
	return &PartsNet{Model: m, parts: parts}
}

// Forward runs a batch x (B, D) and returns its loss, Σ over rows of
// BCE + β·KL, drawing ε from rng.
func (n *PartsNet) Forward(x vae.Mat, rng *rand.Rand) vae.Loss {
	m, p := n.Model, n.parts
	n.ensure(x.Rows)
	n.x = x
	m.Fc1.Forward(n.h1, x)
	vae.ReLUForward(n.h1, n.h1)
	m.FcMu.Forward(n.mu, n.h1)
	m.FcLogVar.Forward(n.logVar, n.h1)

	loss := vae.Loss{N: x.Rows}
	if p.Reparam == nil {
		vae.ReparamForward(n.z, n.eps, n.sd, n.mu, n.logVar, rng)
	} else { // σ for the library's parts that read it
		for i, lv := range n.logVar.Data {
			n.sd.Data[i] = vec.Exp(0.5 * lv)
		}
	}
	if p.KL == nil {
		loss.KL = vae.KLForward(n.mu, n.logVar, n.sd, nil)
	}
	for i := range x.Rows {
		mu, logVar := vec64(n.mu.Row(i)), vec64(n.logVar.Row(i))
		if p.Reparam != nil {
			z, eps := p.Reparam(mu, logVar, rng)
			put(n.z.Row(i), z, "Reparam's z")
			put(n.eps.Row(i), eps, "Reparam's eps")
		}
		if p.KL != nil {
			loss.KL += p.KL(mu, logVar)
		}
	}

	m.Fc3.Forward(n.h3, n.z)
	vae.ReLUForward(n.h3, n.h3)
	m.Fc4.Forward(n.logits, n.h3)
	// The library's loss keeps σ(logits) for BCEBackward even when the
	// learner's BCE gives the loss.
	loss.Recon = vae.BCEForward(n.probs, n.logits, x, nil)
	if p.BCE != nil {
		loss.Recon = 0
		for i := range x.Rows {
			loss.Recon += p.BCE(vec64(x.Row(i)), vec64(n.logits.Row(i)))
		}
	}
	loss.Total = loss.Recon + m.Config.Beta*loss.KL
	return loss
}

// Backward adds the gradient of the last Forward's loss into the Model's
// Grads (clear them first), walking the forward pass in reverse.
func (n *PartsNet) Backward() {
	m, p := n.Model, n.parts
	beta := m.Config.Beta
	for _, d := range []vae.Mat{n.dh1, n.dmu, n.dlogVar, n.dz, n.dh3} {
		clear(d.Data)
	}
	if p.BCEGrad == nil {
		vae.BCEBackward(n.dlogits, n.probs, n.x, 1)
	} else {
		for i := range n.x.Rows {
			put(n.dlogits.Row(i), p.BCEGrad(vec64(n.x.Row(i)), vec64(n.logits.Row(i))), "BCEGrad")
		}
	}
	m.Fc4.Backward(n.dh3, n.dlogits, n.h3)
	vae.ReLUBackward(n.dh3, n.dh3, n.h3)
	m.Fc3.Backward(n.dz, n.dh3, n.z)

	if p.ReparamGrad == nil {
		vae.ReparamBackward(n.dmu, n.dlogVar, n.dz, n.eps, n.sd)
	}
	if p.KLGrad == nil {
		vae.KLBackward(n.dmu, n.dlogVar, n.mu, n.sd, float32(beta))
	}
	for i := range n.x.Rows {
		mu, logVar := vec64(n.mu.Row(i)), vec64(n.logVar.Row(i))
		if p.ReparamGrad != nil {
			dmu, dlv := p.ReparamGrad(vec64(n.dz.Row(i)), logVar, vec64(n.eps.Row(i)))
			add(n.dmu.Row(i), dmu, 1, "ReparamGrad's dmu")
			add(n.dlogVar.Row(i), dlv, 1, "ReparamGrad's dlogVar")
		}
		if p.KLGrad != nil {
			dmu, dlv := p.KLGrad(mu, logVar)
			add(n.dmu.Row(i), dmu, beta, "KLGrad's dmu")
			add(n.dlogVar.Row(i), dlv, beta, "KLGrad's dlogVar")
		}
	}
	m.FcLogVar.Backward(n.dh1, n.dlogVar, n.h1)
	m.FcMu.Backward(n.dh1, n.dmu, n.h1)
	vae.ReLUBackward(n.dh1, n.dh1, n.h1)
	m.Fc1.Backward(vae.Mat{}, n.dh1, n.x)
}

// TrainParts trains net's Model on train with Adam (learning rate 1e-3,
// batch 128) for the given epochs, and evaluates it on test with
// vae.Evaluate after each. onStep and onEpoch may be nil (see Live).
func TrainParts(net *PartsNet, train, test *vae.Dataset, epochs int, seed uint64, onStep func(vae.Step), onEpoch func(vae.Epoch)) ([]vae.Epoch, error) {
	const batch = 128
	m := net.Model
	rng := rand.New(rand.NewPCG(seed, 1))
	adam := vae.NewAdam(1e-3)
	x := vae.NewMat(batch, train.Dim)
	steps := (train.N + batch - 1) / batch
	var history []vae.Epoch
	for ep := 1; ep <= epochs; ep++ {
		start, order := time.Now(), rng.Perm(train.N)
		var sum vae.Loss
		for s := range steps {
			idx := order[s*batch : min((s+1)*batch, train.N)]
			xb := x.Slice(0, len(idx))
			train.Batch(xb, idx)
			m.ZeroGrad()
			loss := net.Forward(xb, rng)
			net.Backward()
			if err := adam.Step(m.Block); err != nil || math.IsNaN(loss.Total) || math.IsInf(loss.Total, 0) {
				return history, fmt.Errorf("course: epoch %d, step %d: the loss or a gradient is NaN or infinite "+
					"(loss %g): check your functions on large inputs", ep, s+1, loss.Total)
			}
			sum = sum.Add(loss)
			if onStep != nil {
				onStep(vae.Step{Epoch: ep, Step: s + 1, Steps: steps, Beta: m.Config.Beta, Loss: loss.PerSample()})
			}
		}
		e := vae.Epoch{Epoch: ep, Train: sum.PerSample(), Seconds: time.Since(start).Seconds()}
		if test != nil {
			e.Test = vae.Evaluate(m, test, rand.New(rand.NewPCG(seed, 2))).PerSample()
		}
		history = append(history, e)
		if onEpoch != nil {
			onEpoch(e)
		}
	}
	return history, nil
}

// ensure sizes the activations for b rows.
func (n *PartsNet) ensure(b int) {
	if n.rows == b {
		return
	}
	n.rows = b
	c := n.Model.Config
	n.h1, n.dh1 = vae.NewMat(b, c.Hidden), vae.NewMat(b, c.Hidden)
	n.h3, n.dh3 = vae.NewMat(b, c.Hidden), vae.NewMat(b, c.Hidden)
	n.mu, n.logVar, n.eps, n.sd, n.z = vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent)
	n.dmu, n.dlogVar, n.dz = vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent), vae.NewMat(b, c.Latent)
	n.logits, n.probs, n.dlogits = vae.NewMat(b, c.Input), vae.NewMat(b, c.Input), vae.NewMat(b, c.Input)
}

// vec64 returns v in float64, for the Parts.
func vec64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// put copies a Parts result into dst, panicking with the part's name if its
// length is wrong (the checks of notebooks 01–03 catch that first).
func put(dst []float32, v []float64, what string) {
	if len(v) != len(dst) {
		panic(fmt.Sprintf("course: %s has length %d, want %d", what, len(v), len(dst)))
	}
	for i, x := range v {
		dst[i] = float32(x)
	}
}

// add adds scale·v into dst, panicking with the part's name if its length
// is wrong.
func add(dst []float32, v []float64, scale float64, what string) {
	if len(v) != len(dst) {
		panic(fmt.Sprintf("course: %s has length %d, want %d", what, len(v), len(dst)))
	}
	for i, x := range v {
		dst[i] += float32(scale * x)
	}
}

// TrainYours is how a notebook trains a VAE on parts (nil fields: the
// library's): the default 784-400-20 VAE of seed 1 on full MNIST, for the
// given epochs, with live progress in the notebook and one line with the
// final test loss. It is never cached, since the learner's functions may
// have changed since the last run.
func TrainYours(parts Parts, epochs int) (*vae.Model, error) {
	train, test, err := Data("mnist")
	if err != nil {
		return nil, err
	}
	m, err := vae.New(vae.Config{Kind: vae.VAE}, 1)
	if err != nil {
		return nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &Live{Title: "training a VAE on the parts given", Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	h, err := TrainParts(NewPartsNet(m, parts), train, test, epochs, 1, live.Step, live.Epoch)
	if err != nil {
		m.Close()
		return nil, err
	}
	e := h[len(h)-1]
	fmt.Printf("%v trained on the parts given: after %d epochs, test loss %.2f per digit (recon %.2f + KL %.2f)\n",
		m, e.Epoch, e.Test.Total, e.Test.Recon, e.Test.KL)
	return m, nil
}
