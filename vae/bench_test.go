package vae_test

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

// trainStep returns one full training step of the 784-400-20 VAE at batch
// 128 with threads matmul threads, the five calls of Train's step (load
// the batch, zero the gradients, forward, backward, and Adam, which checks
// the gradients for NaN), already run once so that every buffer and Adam's
// moments exist; step s takes the s-th batch of the 1,000-digit subset.
func trainStep(tb testing.TB, threads int) (step func(s int)) {
	train, _, err := mnist.Small()
	if err != nil {
		tb.Fatal(err)
	}
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Threads: threads}, 1)
	tb.Cleanup(m.Close)
	opt := vae.NewAdam(1e-3)
	rng := rand.New(rand.NewPCG(1, 2))
	x := vae.NewMat(128, 784)
	idx := make([]int, 128)
	step = func(s int) {
		for i := range idx {
			idx[i] = (s*128 + i) % train.N
		}
		train.Batch(x, idx)
		m.ZeroGrad()
		m.ForwardTarget(x, x, 1, rng)
		m.Backward(vae.Mat{})
		if err := opt.Step(m.Block); err != nil {
			tb.Fatal(err)
		}
	}
	step(0) // allocate buffers and Adam moments
	return step
}

// BenchmarkTrainStep measures a training step (trainStep) and its
// allocations, which TestTrainStepDoesNotAllocate holds at 0.
func BenchmarkTrainStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(map[int]string{1: "threads=1", 2: "threads=2"}[threads], func(b *testing.B) {
			step := trainStep(b, threads)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				step(i)
			}
			b.ReportMetric(float64(trainStepFlops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// TestTrainStepDoesNotAllocate holds a training step, once its buffers
// exist, to no allocation at all, on one thread and on two (where the
// matmul workers hand work back and forth): garbage made every step would
// cost collections over a run of thousands.
func TestTrainStepDoesNotAllocate(t *testing.T) {
	for _, threads := range []int{1, 2} {
		step := trainStep(t, threads)
		s := 1
		if a := testing.AllocsPerRun(30, func() { step(s); s++ }); a != 0 {
			t.Errorf("threads=%d: %v allocations per training step, want 0", threads, a)
		}
	}
}

// trainStepFlops counts the multiply-adds (×2) of one 784-400-20 step at
// batch 128: each Linear layer does a forward and a dW product, and all
// but fc1 a dx product.
const trainStepFlops = 2 * 128 * (2*784*400 + // fc1: forward, dW
	3*400*20*2 + // fcMu, fcLogVar
	3*20*400 + // fc3
	3*400*784) // fc4
