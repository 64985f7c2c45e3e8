package vae

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae/gemm"
)

// Block is the parameters of a stack of layers: all weights and biases in
// one flat slice, Params, and their gradients in Grads with the same
// layout. Each layer's W and B are views into them (as in llm.c), so an
// optimizer step is one call and a checkpoint is one write. The layers
// share the block's matmul threads. Model is a Block with an
// architecture; the lessons' convolutional and conditional models are
// others.
type Block struct {
	Params []float32 // all weights and biases, layer after layer
	Grads  []float32 // ∂L/∂Params, same layout

	layers  []Layer
	engine  *gemm.Engine
	zeroJob func(lo, hi int) // b.zeroGrads, bound once so ZeroGrad does not allocate
}

// Layer is a layer with parameters that a Block holds: *Linear, *Conv2D,
// *ConvTranspose2D or *Table, made with its sizes and no weights, then
// given them by NewBlockOf.
type Layer interface {
	// String describes the layer, e.g. "fc1 Linear(784→400)".
	String() string
	// sizes returns the number of weights and biases, and the bound of
	// their initial values, drawn uniform in ±bound.
	sizes() (weights, biases int, bound float64)
	// bind points the layer's parameters and gradients into a block
	// and its products at the block's threads.
	bind(w, b, dw, db []float32, e *gemm.Engine)
}

// LayerSize names one Linear layer of a Block and its shape.
type LayerSize struct {
	Name    string // e.g. "fc1", for messages
	In, Out int
}

// NewBlock returns a Block of Linear layers of the sizes given, in that
// order: NewBlockOf with a Linear made from each.
func NewBlock(threads int, seed uint64, sizes ...LayerSize) *Block {
	layers := make([]Layer, len(sizes))
	for i, s := range sizes {
		layers[i] = &Linear{Name: s.Name, In: s.In, Out: s.Out}
	}
	return NewBlockOf(threads, seed, layers...)
}

// NewBlockOf returns a Block holding layers, in that order, computing on
// threads matmul threads (0 means one per core), with weights drawn as
// PyTorch draws those of nn.Linear, nn.Conv2d and nn.ConvTranspose2d: W
// and b uniform in ±1/√fanIn (fanIn is In for a Linear layer, K·K times
// the input channels of a convolution, and K·K times the output channels
// of a transposed one, as PyTorch computes it from the weight's shape; a
// Table says its own bound), from a generator seeded with seed, layer
// after layer. It panics if a layer has a size that is not positive or
// already belongs to a block.
func NewBlockOf(threads int, seed uint64, layers ...Layer) *Block {
	n := 0
	for _, l := range layers {
		nw, nb, bound := l.sizes()
		if nw <= 0 || nb < 0 || math.IsNaN(bound) {
			panic(fmt.Sprintf("vae: NewBlockOf: layer %v has %d weights and %d biases; every size must be positive", l, nw, nb))
		}
		if bound < 0 || math.IsInf(bound, 0) {
			panic(fmt.Sprintf("vae: NewBlockOf: layer %v: its initial values are drawn in ±%g; the bound must be finite and ≥ 0", l, bound))
		}
		n += nw + nb
	}
	b := &Block{Params: make([]float32, n), Grads: make([]float32, n), engine: gemm.New(threads)}
	b.zeroJob = b.zeroGrads
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	off := 0
	for _, l := range layers {
		nw, nb, bound := l.sizes()
		w, dw := b.Params[off:off+nw], b.Grads[off:off+nw]
		off += nw
		bias, db := b.Params[off:off+nb], b.Grads[off:off+nb]
		off += nb
		l.bind(w, bias, dw, db, b.engine)
		for _, p := range [][]float32{w, bias} {
			for i := range p {
				p[i] = float32((2*rng.Float64() - 1) * bound)
			}
		}
		b.layers = append(b.layers, l)
	}
	return b
}

// Layers returns the block's Linear layers in parameter order (a block of
// convolutions lists its layers with All).
func (b *Block) Layers() []*Linear {
	var out []*Linear
	for _, l := range b.layers {
		if lin, ok := l.(*Linear); ok {
			out = append(out, lin)
		}
	}
	return out
}

// All returns every layer of the block in parameter order.
func (b *Block) All() []Layer { return b.layers }

// ZeroGrad clears Grads before a backward pass, which adds into them;
// the model's threads share the work (2.6 MB for the 784-400-20 VAE).
func (b *Block) ZeroGrad() { b.engine.Split(len(b.Grads), 1024, b.zeroJob) }

func (b *Block) zeroGrads(lo, hi int) { clear(b.Grads[lo:hi]) }

// Close releases the block's matmul workers.
func (b *Block) Close() { b.engine.Close() }

// fanInBound is PyTorch's bound for the initial weights of a layer whose
// outputs each read fanIn inputs, 1/√fanIn (a size that is not positive
// gives NaN, which NewBlockOf refuses).
func fanInBound(fanIn int) float64 {
	if fanIn <= 0 {
		return math.NaN()
	}
	return 1 / math.Sqrt(float64(fanIn))
}
