package viz_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"

	"gonum.org/v1/plot/vg"

	"github.com/vaelab/govae/viz"
)

// Six points on the three axes, spread 3, 2 and 1: the first two
// principal axes are x and y and keep (18+8)/(18+8+2) of the variance.
func ExamplePCA2() {
	pts := [][]float64{{3, 0, 0}, {-3, 0, 0}, {0, 2, 0}, {0, -2, 0}, {0, 0, 1}, {0, 0, -1}}
	xy, explained, err := viz.PCA2(pts)
	if err != nil {
		panic(err)
	}
	fmt.Printf("explained %.4f\n", explained)
	fmt.Printf("(3,0,0) -> (%.1f, %.1f)\n", xy[0][0], xy[0][1])
	fmt.Printf("(0,2,0) -> (%.1f, %.1f)\n", xy[2][0], xy[2][1])
	// Output:
	// explained 0.9286
	// (3,0,0) -> (3.0, 0.0)
	// (0,2,0) -> (0.0, 2.0)
}

// blobs returns n points in d dimensions around ten class centres.
func blobs(n, d int, spread float64, seed uint64) ([][]float32, []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	centres := make([][]float64, 10)
	for k := range centres {
		centres[k] = make([]float64, d)
		for j := range centres[k] {
			centres[k][j] = spread * r.NormFloat64()
		}
	}
	pts := make([][]float32, n)
	labels := make([]int, n)
	for i := range pts {
		labels[i] = i % 10
		pts[i] = make([]float32, d)
		for j := range pts[i] {
			pts[i][j] = float32(centres[labels[i]][j] + 0.5*r.NormFloat64())
		}
	}
	return pts, labels
}

// An AE and a VAE cloud of 20-D latents side by side on one scale, with
// the N(0, I) circles for reference.
func ExampleLatentClouds() {
	aePts, aeLabels := blobs(500, 20, 3, 1)
	vaePts, vaeLabels := blobs(500, 20, 0.8, 2)
	ae, err := viz.NewCloud("AE", aePts, aeLabels)
	if err != nil {
		panic(err)
	}
	ae.What = "codes"
	vae, err := viz.NewCloud("VAE", vaePts, vaeLabels)
	if err != nil {
		panic(err)
	}
	chart, err := viz.LatentClouds("Test digits in latent space", true, ae, vae)
	if err != nil {
		panic(err)
	}
	for _, c := range chart.Captions {
		fmt.Println(c)
	}
	b, err := viz.PNG(chart, 0, 0) // 0, 0: the chart's natural size
	if err != nil {
		panic(err)
	}
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println("PNG", im.Bounds().Dx(), "×", im.Bounds().Dy())
	// Output:
	// PCA of 20-D codes, 2 components, 49% of variance
	// PCA of 20-D means, 2 components, 40% of variance
	// PNG 862 × 466
}

// Samples wraps images into rows; its natural size puts 2×2 screen
// pixels on each image pixel.
func ExampleSamples() {
	var ims [][]float32
	for k := range 20 { // rings of growing radius
		im := make([]float32, 28*28)
		for y := range 28 {
			for x := range 28 {
				r := math.Hypot(float64(x)-13.5, float64(y)-13.5)
				if math.Abs(r-float64(4+k%8)) < 1.5 {
					im[y*28+x] = 1
				}
			}
		}
		ims = append(ims, im)
	}
	g, err := viz.Samples("Rings", ims, 10)
	if err != nil {
		panic(err)
	}
	w, h := g.Size()
	fmt.Printf("%.0f × %.0f pixels\n", w.Dots(viz.DPI), h.Dots(viz.DPI))
	// Output:
	// 627 × 164 pixels
}

// A training history drawn as two panels, with a wider, explicit size.
func ExampleTraining() {
	h := viz.History{Unit: "epoch"}
	for e := 1; e <= 10; e++ {
		rec, kl := 90+100/float64(e), 25-10/float64(e)
		h.Train.Recon = append(h.Train.Recon, rec)
		h.Train.KL = append(h.Train.KL, kl)
		h.Train.Loss = append(h.Train.Loss, rec+kl)
		h.Test.Loss = append(h.Test.Loss, rec+kl+3)
	}
	chart, err := viz.Training("VAE training", h, false)
	if err != nil {
		panic(err)
	}
	b, err := viz.PNG(chart, 8*vg.Inch, 4*vg.Inch)
	if err != nil {
		panic(err)
	}
	im, _ := png.Decode(bytes.NewReader(b))
	fmt.Println(len(chart.Plots), "panels,", im.Bounds().Dx(), "×", im.Bounds().Dy(), "pixels")
	// Output:
	// 2 panels, 768 × 384 pixels
}

// The manifold grid decodes at these N(0, 1) quantiles.
func ExampleManifoldQuantiles() {
	for _, q := range viz.ManifoldQuantiles(5) {
		fmt.Printf("%.3f ", q)
	}
	fmt.Println()
	// Output:
	// -1.282 -0.524 0.000 0.524 1.282
}

// Epochs are whole numbers: WholeTicks never marks epoch 2.5.
func ExampleWholeTicks() {
	for _, r := range [][2]float64{{1, 3}, {1, 10}, {1, 50}} {
		var labels []string
		for _, t := range (viz.WholeTicks{}).Ticks(r[0], r[1]) {
			if t.Label != "" {
				labels = append(labels, t.Label)
			}
		}
		fmt.Println(r, labels)
	}
	// Output:
	// [1 3] [1 2 3]
	// [1 10] [2 4 6 8 10]
	// [1 50] [10 20 30 40 50]
}

// On PriorScale each of Manifold's n cells holds 1/n of N(0, 1): its
// decoding points sit at the centres of equal cells.
func ExamplePriorScale() {
	for _, q := range viz.ManifoldQuantiles(4) {
		fmt.Printf("z = %+.3f at %.3f\n", q, viz.PriorScale{}.Normalize(-5, 5, q))
	}
	// Output:
	// z = -1.150 at 0.125
	// z = -0.319 at 0.375
	// z = +0.319 at 0.625
	// z = +1.150 at 0.875
}

// Two encoder outputs in a 2-D latent space drawn as ellipses.
func ExamplePosteriors() {
	mu := [][]float64{{-1, 0.5}, {0.8, -0.2}}
	sigma := [][]float64{{0.3, 0.2}, {0.15, 0.4}}
	chart, err := viz.Posteriors("q(z|x) of two digits", mu, sigma, []int{3, 7})
	if err != nil {
		panic(err)
	}
	fmt.Println(chart.Captions[0])
	// Output:
	// q(z|x) of 2 inputs: μ, and ellipses at 1σ (solid) and 2σ (dashed)
}

// An ROC chart with the false-positive rate on a log axis from 0.1%.
func ExampleROCLogFPR() {
	r := viz.ROCCurve{Name: "noise", FPR: []float64{0, 0.001, 0.01, 1}, TPR: []float64{0, 0.5, 0.9, 1}, AUC: 0.99}
	p, err := viz.ROCLogFPR("Flagging noisy digits", 0.001, r)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.X.Min, p.X.Max, p.X.Label.Text)
	// Output:
	// 0.001 1 false-positive rate (normal inputs flagged), log scale
}

// Chart text takes subscripts: "β_t" draws a small t below the line.
func ExampleSubscripts() {
	p, err := viz.Curves(viz.Axes{Title: "Warm-up: β_t against t", X: "step t", Y: "β_t"},
		viz.Curve{Name: "β_t", Y: []float64{0, 0.5, 1, 1}})
	if err != nil {
		panic(err)
	}
	_, isSub := p.Title.TextStyle.Handler.(viz.Subscripts)
	fmt.Println(isSub)
	// Output:
	// true
}
