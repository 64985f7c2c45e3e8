package vae_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

// One training step is five calls: load a batch, zero the gradients,
// forward, backward, update. Train runs this loop, with shuffling, a β
// schedule, checkpoints and checks for NaN around it.
func Example_trainingStep() {
	train, _, err := mnist.Small() // 1,000 digits
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := vae.New(vae.Config{Kind: vae.VAE}, 1)
	defer m.Close()
	opt := vae.NewAdam(1e-3)
	rng := rand.New(rand.NewPCG(1, 2))
	x := vae.NewMat(100, train.Dim)
	idx := make([]int, x.Rows)
	beta := 1.0 // the KL weight of this step's objective
	for step := range 30 {
		for i := range idx {
			idx[i] = (step*x.Rows + i) % train.N
		}
		train.Batch(x, idx)                       // load a batch
		m.ZeroGrad()                              // zero the gradients
		loss := m.ForwardTarget(x, x, beta, rng)  // forward: Recon + β·KL
		m.Backward(vae.Mat{})                     // backward: ∂loss.Total/∂Params into m.Grads
		if err := opt.Step(m.Block); err != nil { // update
			fmt.Println(err)
			return
		}
		if step%10 == 0 || step == 29 {
			fmt.Printf("step %2d: %.0f nats per digit\n", step+1, loss.PerSample().Total)
		}
	}
	// Output:
	// step  1: 548 nats per digit
	// step 11: 295 nats per digit
	// step 21: 232 nats per digit
	// step 30: 223 nats per digit
}

// A VAE is an autoencoder whose encoder outputs a distribution over
// latents; its loss adds the KL term to the reconstruction.
func ExampleModel_Forward() {
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 4, Hidden: 8, Latent: 2}, 1)
	x := vae.MatFrom(2, 4, []float32{0, 1, 1, 0, 1, 0, 0, 1})
	loss := m.Forward(x, rand.New(rand.NewPCG(1, 2)))
	fmt.Println(m)
	fmt.Printf("rows %d, recon > 0: %v, KL >= 0: %v\n", loss.N, loss.Recon > 0, loss.KL >= 0)
	// Output:
	// VAE 4-8-2 (bernoulli, β=1)
	// rows 2, recon > 0: true, KL >= 0: true
}

// The closed-form KL of N(mu, σ²) from N(0, 1) is ½(mu² + σ² − 1 − log σ²).
func ExampleKLForward() {
	mu := vae.MatFrom(1, 1, []float32{1})
	logVar := vae.MatFrom(1, 1, []float32{0}) // σ² = 1
	sd := vae.MatFrom(1, 1, []float32{1})     // σ, as ReparamForward keeps it
	fmt.Printf("%.2f\n", vae.KLForward(mu, logVar, sd, nil))
	// Output: 0.50
}

// Linear interpolation cuts the chord between two latents; spherical
// interpolation follows the arc and keeps their norm.
func ExampleInterpolate() {
	a, b := []float32{2, 0}, []float32{0, 2}
	fmt.Printf("linear    %.2f\n", vae.Interpolate(a, b, 3, false).Row(1))
	fmt.Printf("spherical %.2f\n", vae.Interpolate(a, b, 3, true).Row(1))
	// Output:
	// linear    [1.00 1.00]
	// spherical [1.41 1.41]
}

// Training runs epochs of shuffled minibatches and reports each epoch.
func ExampleTrain() {
	// A toy data set: 64 two-by-two images, half lit on the diagonal.
	d := &vae.Dataset{Name: "toy", N: 64, Dim: 4, Rows: 2, Cols: 2, Pixels: make([]uint8, 64*4)}
	for i := 0; i < 64; i++ {
		if i%2 == 0 {
			d.Pixels[i*4], d.Pixels[i*4+3] = 255, 255
		} else {
			d.Pixels[i*4+1], d.Pixels[i*4+2] = 255, 255
		}
	}
	m, _ := vae.New(vae.Config{Kind: vae.AE, Input: 4, Hidden: 16, Latent: 1}, 1)
	hist, _ := vae.Train(m, d, d, vae.TrainConfig{Epochs: 50, Batch: 16, LR: 1e-2, Seed: 1})
	first, last := hist[0].Test.Total, hist[len(hist)-1].Test.Total
	fmt.Printf("epochs %d, test loss fell by more than half: %v\n", len(hist), last < first/2)
	// Output: epochs 50, test loss fell by more than half: true
}

// A trained VAE turns draws from N(0, I) into images.
func ExampleModel_Decode() {
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 784, Hidden: 16, Latent: 2}, 1)
	imgs := m.Decode(m.SamplePrior(3, rand.New(rand.NewPCG(1, 1))))
	fmt.Println(imgs)
	// Output: Mat(3x784)
}
