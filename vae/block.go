package vae

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae/gemm"
)

// Block is the parameters of a stack of Linear layers: all weights and
// biases in one flat slice, Params, and their gradients in Grads with the
// same layout. Each layer's W and B are views into them (as in llm.c), so
// an optimizer step is one call and a checkpoint is one write. The layers
// share the block's matmul threads. Model is a Block with an architecture;
// lessons/cvae's model is another.
type Block struct {
	Params []float32 // all weights and biases, layer after layer
	Grads  []float32 // ∂L/∂Params, same layout

	layers  []*Linear
	engine  *gemm.Engine
	zeroJob func(lo, hi int) // b.zeroGrads, bound once so ZeroGrad does not allocate
}

// LayerSize names one Linear layer of a Block and its shape.
type LayerSize struct {
	Name    string // e.g. "fc1", for messages
	In, Out int
}

// NewBlock returns a Block of the layers sizes, in that order, computing on
// threads matmul threads (0 means one per core), with weights drawn as
// PyTorch's nn.Linear draws them: W and b uniform in ±1/√In, from a
// generator seeded with seed, layer after layer.
func NewBlock(threads int, seed uint64, sizes ...LayerSize) *Block {
	n := 0
	for _, s := range sizes {
		if s.In <= 0 || s.Out <= 0 {
			panic(fmt.Sprintf("vae: NewBlock: layer %s is %d→%d; both sizes must be positive", s.Name, s.In, s.Out))
		}
		n += s.In*s.Out + s.Out
	}
	b := &Block{Params: make([]float32, n), Grads: make([]float32, n), engine: gemm.New(threads)}
	b.zeroJob = b.zeroGrads
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	off := 0
	for _, s := range sizes {
		l := &Linear{Name: s.Name, In: s.In, Out: s.Out, engine: b.engine}
		nw := s.In * s.Out
		l.W, l.DW = b.Params[off:off+nw], b.Grads[off:off+nw]
		off += nw
		l.B, l.DB = b.Params[off:off+s.Out], b.Grads[off:off+s.Out]
		off += s.Out
		bound := 1 / math.Sqrt(float64(s.In))
		for _, p := range [][]float32{l.W, l.B} {
			for i := range p {
				p[i] = float32((2*rng.Float64() - 1) * bound)
			}
		}
		b.layers = append(b.layers, l)
	}
	return b
}

// Layers returns the block's Linear layers in parameter order.
func (b *Block) Layers() []*Linear { return b.layers }

// ZeroGrad clears Grads before a backward pass, which adds into them;
// the model's threads share the work (2.6 MB for the 784-400-20 VAE).
func (b *Block) ZeroGrad() { b.engine.Split(len(b.Grads), 1024, b.zeroJob) }

func (b *Block) zeroGrads(lo, hi int) { clear(b.Grads[lo:hi]) }

// Close releases the block's matmul workers.
func (b *Block) Close() { b.engine.Close() }
