package vqvae

import (
	"fmt"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

// BenchmarkTrainStep times one training step of the default VQ-VAE on a
// batch of 128 digit-like images: ZeroGrad, Forward, Backward, Adam and
// AfterStep.
func BenchmarkTrainStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			m, err := New(Config{Restart: true, Threads: threads}, 1)
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			x := gradcheck.Digits(128, newRNG(1))
			opt := vae.NewAdam(1e-3)
			b.ResetTimer()
			for range b.N {
				m.ZeroGrad()
				m.Forward(x, nil)
				m.Backward()
				if err := opt.Step(m.Block); err != nil {
					b.Fatal(err)
				}
				m.AfterStep()
			}
		})
	}
}
