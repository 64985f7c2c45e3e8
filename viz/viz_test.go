package viz

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot/vg"
)

// chart is one of the package's charts built from test data.
type chart struct {
	name  string
	build func(t testing.TB) (Drawer, error)
}

// charts returns every kind of chart, built from deterministic data.
func charts() []chart {
	return []chart{
		{"cloud_2d", func(t testing.TB) (Drawer, error) {
			pts, labels := blobs(1000, 2, 1.2, 1)
			return LatentCloud("VAE latent means, 2-D", pts, labels, true)
		}},
		{"clouds_ae_vae", func(t testing.TB) (Drawer, error) {
			ae, aeLabels := blobs(2000, 20, 3, 2)
			vae, vaeLabels := blobs(2000, 20, 0.8, 3)
			a, err := NewCloud("AE", ae, aeLabels)
			if err != nil {
				return nil, err
			}
			a.What = "codes"
			v, err := NewCloud("VAE", vae, vaeLabels)
			if err != nil {
				return nil, err
			}
			return LatentClouds("Test digits in latent space", true, a, v)
		}},
		{"reconstructions", func(t testing.TB) (Drawer, error) {
			ims, _ := testDigits(t, 20)
			rec := make([][]float32, len(ims))
			for i, im := range ims {
				rec[i] = blur(im)
			}
			return Reconstructions("VAE reconstructions of test digits", ims, rec, 10)
		}},
		{"samples", func(t testing.TB) (Drawer, error) {
			ims, _ := testDigits(t, 40)
			for i := range ims {
				ims[i] = blur(ims[i])
			}
			return Samples("Samples from the prior: x = decode(z), z ~ N(0, I)", ims, 10)
		}},
		{"interpolations", func(t testing.TB) (Drawer, error) {
			ims, _ := testDigits(t, 3)
			a, b := ims[0], ims[1]
			var rows []ImageRow
			for _, name := range []string{"AE linear", "VAE linear", "VAE spherical"} {
				r := ImageRow{Label: name}
				for k := range 10 {
					r.Images = append(r.Images, blur(lerp(a, b, float32(k)/9)))
				}
				rows = append(rows, r)
			}
			return Interpolations("Decoding along a path between two test digits", rows...)
		}},
		{"manifold", func(t testing.TB) (Drawer, error) {
			return Manifold("Decoder output over the 2-D latent space", 15, fakeDecoder)
		}},
		{"training", func(t testing.TB) (Drawer, error) {
			return Training("VAE training on MNIST", fakeHistory(30), false)
		}},
		{"training_log", func(t testing.TB) (Drawer, error) {
			return Training("VAE training on MNIST (log scale)", fakeHistory(30), true)
		}},
		{"histogram", func(t testing.TB) (Drawer, error) {
			mu, sigma := 1.0, 0.5
			eps := normals(10000, 4)
			z := make([]float64, len(eps))
			for i, e := range eps {
				z[i] = mu + sigma*e
			}
			q := distuv.Normal{Mu: mu, Sigma: sigma}
			prior := distuv.UnitNormal
			return Histogram(Axes{Title: "Reparameterisation: z = μ + σ·ε, ε ~ N(0, 1)", X: "z"}, z, 60,
				Density{Name: "q(z) = N(1, 0.5²)", F: q.Prob},
				Density{Name: "prior N(0, 1)", F: prior.Prob})
		}},
		{"kl_bars", func(t testing.TB) (Drawer, error) {
			kl := make([]float64, 20)
			for i := range kl {
				kl[i] = 3 * math.Exp(-float64(i)/2.5)
				if i%4 == 3 {
					kl[i] = 0.003
				}
			}
			return KLBars("KL per latent dimension", kl, 0.01)
		}},
		{"estimator_variance", func(t testing.TB) (Drawer, error) {
			ks := []float64{1, 2, 4, 8, 16, 32, 64, 128}
			reinforce := make([]float64, len(ks))
			reparam := make([]float64, len(ks))
			for i, k := range ks {
				reinforce[i] = 40 / k
				reparam[i] = 0.8 / k * (1 + 0.1*math.Sin(float64(i)))
			}
			return EstimatorVariance("Gradient estimators: variance against samples",
				Curve{Name: "score function (REINFORCE)", X: ks, Y: reinforce},
				Curve{Name: "reparameterisation", X: ks, Y: reparam})
		}},
		{"training_ae", func(t testing.TB) (Drawer, error) {
			h := fakeHistory(10)
			h.Per = "nats per digit"
			h.Train.Recon, h.Test.Recon = h.Train.Loss, h.Test.Loss
			h.Train.KL, h.Test.KL = make([]float64, 10), make([]float64, 10)
			return Training("AE training: no KL term", h, false)
		}},
		{"posteriors", func(t testing.TB) (Drawer, error) {
			mu, sigma, labels := fakePosteriors(12)
			return Posteriors("q(z|x) of twelve test digits", mu, sigma, labels)
		}},
		{"codes_beside_manifold", func(t testing.TB) (Drawer, error) {
			pts, labels := blobs(2000, 2, 1.0, 5)
			return CodesBesideManifold("Codes and what the decoder draws there", 12, pts, labels, fakeDecoder)
		}},
		{"roc_log", func(t testing.TB) (Drawer, error) {
			return ROCLogFPR("Flagging unusual inputs, log FPR", 1e-3, fakeROC("sharp", 0.02), fakeROC("broad", 0.3))
		}},
		{"subscripts", func(t testing.TB) (Drawer, error) {
			y := []float64{0, 0.25, 0.5, 0.75, 1, 1, 1}
			return Curves(Axes{Title: "β_t rises to β", X: "step t", Y: "weight β_t"}, Curve{Name: "L_k and z_{10}", Y: y})
		}},
		{"curves_steps", func(t testing.TB) (Drawer, error) {
			y := make([]float64, 500)
			for i := range y {
				y[i] = 100 + 400*math.Exp(-float64(i)/60) + 5*math.Sin(float64(i))
			}
			return Curves(Axes{Title: "Loss per step", X: "step", Y: "loss"}, Curve{Name: "train", Y: y})
		}},
	}
}

// fakePosteriors returns n means and standard deviations of a 2-D
// encoder, labelled 0…9 in turn: digit d's means lie around a point on
// a circle of radius 1.3, its σ shrinks with d.
func fakePosteriors(n int) (mu, sigma [][]float64, labels []int) {
	for i := range n {
		d := i % 10
		a := 2 * math.Pi * float64(d) / 10
		mu = append(mu, []float64{1.3*math.Cos(a) + 0.1*float64(i/10), 1.3 * math.Sin(a)})
		sigma = append(sigma, []float64{0.35 - 0.02*float64(d), 0.2 + 0.01*float64(d)})
		labels = append(labels, d)
	}
	return mu, sigma, labels
}

// fakeROC returns the ROC curve of scores whose unusual inputs' tail
// falls as exp(−x/scale) under the normal ones': TPR = FPR^scale.
func fakeROC(name string, scale float64) ROCCurve {
	r := ROCCurve{Name: name, FPR: []float64{0}, TPR: []float64{0}}
	for k := 0; k <= 40; k++ {
		f := math.Pow(10, -4+float64(k)/10)
		r.FPR, r.TPR = append(r.FPR, f), append(r.TPR, math.Pow(f, scale))
	}
	r.AUC = 1 / (1 + scale)
	return r
}

// normals returns n deterministic standard normal draws.
func normals(n int, seed uint64) []float64 {
	pts, _ := blobs(n, 1, 0, seed)
	out := make([]float64, n)
	for i, p := range pts {
		out[i] = 2 * float64(p[0]) // blobs' noise has σ = 0.5
	}
	return out
}

// fakeDecoder maps z to a digit: the angle of z picks the digit, its
// radius the stroke width, so the manifold changes smoothly.
func fakeDecoder(z []float32) []float32 {
	a := math.Atan2(float64(z[1]), float64(z[0]))
	d := int((a + math.Pi) / (2 * math.Pi) * 10)
	r := math.Hypot(float64(z[0]), float64(z[1]))
	return blur(fakeDigit(d, 0.1*float64(z[0]), 1.5+r))
}

// fakeHistory returns a plausible n-epoch VAE history.
func fakeHistory(n int) History {
	var h History
	for e := range n {
		x := float64(e + 1)
		rec := 90 + 120*math.Exp(-x/4)
		kl := 25 - 15*math.Exp(-x/3)
		h.X = append(h.X, x)
		h.Train.Recon = append(h.Train.Recon, rec)
		h.Train.KL = append(h.Train.KL, kl)
		h.Train.Loss = append(h.Train.Loss, rec+kl)
		h.Test.Recon = append(h.Test.Recon, rec+2+0.05*x)
		h.Test.KL = append(h.Test.KL, kl+0.3)
		h.Test.Loss = append(h.Test.Loss, rec+kl+2.3+0.05*x)
	}
	return h
}

// pixels returns the pixel count of a length at DPI.
func pixels(l vg.Length) int { return int(l.Dots(DPI) + 0.5) }

// TestChartsRender renders every chart as PNG at its natural size and at
// an explicit size, as SVG and to files, and checks sizes and ink. With
// VIZ_LOOK=dir set it also leaves the PNGs in dir for a person to see.
func TestChartsRender(t *testing.T) {
	look := os.Getenv("VIZ_LOOK")
	for _, ch := range charts() {
		t.Run(ch.name, func(t *testing.T) {
			d, err := ch.build(t)
			if err != nil {
				t.Fatalf("building: %v", err)
			}
			w, h := DefaultWidth, DefaultHeight
			if s, ok := d.(Sizer); ok {
				w, h = s.Size()
			}
			b, err := PNG(d, 0, 0)
			if err != nil {
				t.Fatalf("PNG: %v", err)
			}
			im := decodePNG(t, b)
			if got, want := im.Bounds().Size(), [2]int{pixels(w), pixels(h)}; got.X != want[0] || got.Y != want[1] {
				t.Errorf("natural size %v, want %v", got, want)
			}
			// Too-blank pictures: less than 2% ink or under 8 colours
			// (white, black text and at least a few data colours or greys).
			if ink, colours := inkStats(im); ink < 0.02 || colours < 8 {
				t.Errorf("looks blank: %.3f non-white, %d colours", ink, colours)
			}
			if look != "" {
				if err := os.MkdirAll(look, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(look, ch.name+".png"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			// An explicit size: 7.5 × 5 inches is 720 × 480 pixels.
			b, err = PNG(d, 7.5*vg.Inch, 5*vg.Inch)
			if err != nil {
				t.Fatalf("PNG 7.5×5in: %v", err)
			}
			if got := decodePNG(t, b).Bounds().Size(); got.X != 720 || got.Y != 480 {
				t.Errorf("7.5×5in PNG is %v, want 720×480", got)
			}
			// Width only keeps the aspect ratio.
			b, err = PNG(d, 4*vg.Inch, 0)
			if err != nil {
				t.Fatalf("PNG 4in wide: %v", err)
			}
			if got := decodePNG(t, b).Bounds().Size(); got.X != 384 || abs(got.Y-pixels(4*vg.Inch*h/w)) > 1 {
				t.Errorf("4in-wide PNG is %v, want 384×%d", got, pixels(4*vg.Inch*h/w))
			}

			s, err := SVG(d, 0, 0)
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			if !strings.Contains(string(s), "<svg") || len(s) < 1000 {
				t.Errorf("SVG output does not look like a drawing: %.80q", s)
			}
			dir := t.TempDir()
			for _, ext := range []string{".png", ".svg"} {
				path := filepath.Join(dir, ch.name+ext)
				if err := Save(d, 0, 0, path); err != nil {
					t.Fatalf("Save %s: %v", ext, err)
				}
				if fi, err := os.Stat(path); err != nil || fi.Size() < 1000 {
					t.Errorf("Save %s wrote %v bytes (%v)", ext, fi, err)
				}
			}
		})
	}
}

func abs(x int) int { return max(x, -x) }
