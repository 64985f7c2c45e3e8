package anomaly

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

// scoreInput is one case of the ROC and AUC exercises: the scores of
// normal inputs and of unusual ones.
type scoreInput struct{ normal, unusual []float64 }

func (in scoreInput) String() string {
	return fmt.Sprintf("normal = %s, unusual = %s", exercise.Vec(in.normal), exercise.Vec(in.unusual))
}

// scoreCases are the inputs of the ROC and AUC checks: the extreme
// rankings, ties within and across the two kinds, a single score of each,
// and random scores on a coarse grid, so that ties are common. hints
// gives the hint of a case by name.
func scoreCases(hints map[string]string) []exercise.Case[scoreInput] {
	cases := []exercise.Case[scoreInput]{
		{Name: "perfect separation", In: scoreInput{[]float64{1, 2, 3}, []float64{4, 5}}},
		{Name: "reversed", In: scoreInput{[]float64{4, 5}, []float64{1, 2, 3}}},
		{Name: "all ties", In: scoreInput{[]float64{2, 2, 2}, []float64{2, 2}}},
		{Name: "one of each", In: scoreInput{[]float64{0}, []float64{1}}},
		{Name: "ties across", In: scoreInput{[]float64{1, 2, 3}, []float64{3, 1}}},
		{Name: "ties within", In: scoreInput{[]float64{5, 1, 5, 3}, []float64{4, 4, 6}}},
	}
	rng := rand.New(rand.NewPCG(8, 14))
	for i := range 5 {
		in := scoreInput{make([]float64, 1+rng.IntN(30)), make([]float64, 1+rng.IntN(30))}
		for j := range in.normal {
			in.normal[j] = math.Round(4*rng.NormFloat64()) / 2
		}
		for j := range in.unusual {
			in.unusual[j] = math.Round(4*(rng.NormFloat64()+0.8)) / 2
		}
		cases = append(cases, exercise.Case[scoreInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	for i := range cases {
		cases[i].Hint = hints[cases[i].Name]
	}
	return cases
}

// AUCCheck is the check of notebook 08's exercise "auc": f(normal,
// unusual) must return the probability that an unusual input scores above
// a normal one, a tie counting one half, as AUC does.
func AUCCheck(f func(normal, unusual []float64) float64) exercise.Check[scoreInput, float64] {
	return exercise.Check[scoreInput, float64]{
		Name: "AUC of a score", Func: "myAUC", Against: "anomaly.AUC",
		Hint: "over every pair of one unusual and one normal score, count 1 when the unusual one is higher " +
			"and ½ when they tie, then divide by the number of pairs",
		Cases: scoreCases(map[string]string{
			"perfect separation": "every unusual score beats every normal one: all pairs count 1, so the AUC is 1",
			"reversed":           "every unusual score is below every normal one: no pair counts, so the AUC is 0",
			"all ties":           "a tie counts one half, not 0 or 1: with every score equal the AUC is 0.5",
			"ties across":        "a tie between an unusual and a normal score counts one half",
			"one of each":        "one pair: the AUC is 1, ½ or 0",
		}),
		Want:   func(in scoreInput) float64 { return AUC(in.normal, in.unusual) },
		Got:    func(in scoreInput) float64 { return f(in.normal, in.unusual) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-12, 1e-12) },
		ShowIn: scoreInput.String, ShowOut: exercise.Num,
	}
}

// CheckAUC runs AUCCheck(f) and prints its verdict (notebook 08, exercise
// "auc").
func CheckAUC(f func(normal, unusual []float64) float64) exercise.Status { return AUCCheck(f).Run() }

// roc is the result of the ROC exercise.
type roc struct{ fpr, tpr []float64 }

// ROCCheck is the check of notebook 08's exercise "roc": f(normal,
// unusual) must return the points of the ROC curve, as ROC does.
func ROCCheck(f func(normal, unusual []float64) (fpr, tpr []float64)) exercise.Check[scoreInput, roc] {
	return exercise.Check[scoreInput, roc]{
		Name: "ROC curve", Func: "myROC", Against: "anomaly.ROC",
		Hint: "start at (0, 0); then for each distinct score t, largest first, add the point " +
			"(#{normal ≥ t}/#normal, #{unusual ≥ t}/#unusual)",
		Cases: scoreCases(map[string]string{
			"perfect separation": "the first thresholds catch the unusual inputs only: the curve climbs the left edge to (0, 1), then runs along the top",
			"reversed":           "a threshold flags a score at least as large as itself (≥), and tpr divides by the number of unusual scores",
			"all ties":           "inputs that share a score enter together: one threshold, one point after (0, 0), and that is (1, 1)",
			"ties across":        "one point per distinct score, not per input: a normal and an unusual input with the same score move the curve diagonally in one step",
			"ties within":        "one point per distinct score, not per input",
		}),
		Want: func(in scoreInput) roc {
			fpr, tpr := ROC(in.normal, in.unusual)
			return roc{fpr, tpr}
		},
		Got: func(in scoreInput) roc {
			fpr, tpr := f(in.normal, in.unusual)
			return roc{fpr, tpr}
		},
		Differ: func(want, got roc) string {
			return cmp.Or(
				exercise.Named("fpr", exercise.NearSlice(want.fpr, got.fpr, 1e-12, 1e-12)),
				exercise.Named("tpr", exercise.NearSlice(want.tpr, got.tpr, 1e-12, 1e-12)),
			)
		},
		ShowIn: scoreInput.String,
		ShowOut: func(r roc) string {
			return fmt.Sprintf("fpr = %s, tpr = %s", exercise.Vec(r.fpr), exercise.Vec(r.tpr))
		},
	}
}

// CheckROC runs ROCCheck(f) and prints its verdict (notebook 08, exercise
// "roc").
func CheckROC(f func(normal, unusual []float64) (fpr, tpr []float64)) exercise.Status {
	return ROCCheck(f).Run()
}

// scoresInput is one case of the score exercise: a model, the images to
// score, the number of draws of z, and the seed of the generator that
// draws them, given afresh to the library and to the learner.
type scoresInput struct {
	m    *vae.Model
	x    vae.Mat
	k    int
	seed uint64
}

func (in scoresInput) String() string {
	images := "images"
	if in.x.Rows == 1 {
		images = "image"
	}
	return fmt.Sprintf("%d %s of %d pixels, k = %d draws, model %v", in.x.Rows, images, in.x.Cols, in.k, in.m)
}

// scoresCases are the inputs of the score check: small untrained VAEs
// (their scores are as much a negative ELBO as a trained model's), one
// with β = 4 and one with a Gaussian decoder, on random images, a blank
// one and a full one, with one and several draws of z.
func scoresCases() []exercise.Case[scoresInput] {
	model := func(c vae.Config, seed uint64) *vae.Model {
		c.Kind, c.Input, c.Hidden, c.Threads = vae.VAE, 36, 16, 1
		m, err := vae.New(c, seed)
		if err != nil {
			panic(err) // a fixed, valid configuration
		}
		return m
	}
	plain := model(vae.Config{Latent: 4}, 1)
	heavy := model(vae.Config{Latent: 4, Beta: 4}, 2)
	gauss := model(vae.Config{Latent: 3, Likelihood: vae.Gaussian, Sigma: 0.5}, 3)
	rng := rand.New(rand.NewPCG(8, 2))
	images := func(n int) vae.Mat {
		x := vae.NewMat(n, 36)
		for i := range x.Data {
			x.Data[i] = rng.Float32()
		}
		return x
	}
	blank, full := vae.NewMat(1, 36), vae.NewMat(1, 36)
	for i := range full.Data {
		full.Data[i] = 1
	}
	return []exercise.Case[scoresInput]{
		{Name: "one image", In: scoresInput{plain, images(1), 1, 1},
			Hint: "the score of a row is its reconstruction term plus its KL term, both from m.RowLosses() after m.Forward"},
		{Name: "6 images", In: scoresInput{plain, images(6), 1, 2},
			Hint: "one score per row of x, in the order of the rows, from m.RowLosses() (not the batch's total from Forward)"},
		{Name: "blank image", In: scoresInput{plain, blank, 1, 3}},
		{Name: "full image", In: scoresInput{plain, full, 1, 4}},
		{Name: "4 draws", In: scoresInput{plain, images(6), 4, 5},
			Hint: "average the k draws: run m.Forward(x, rng) k times and add (recon + KL)/k; RowLosses' slices are reused by the next Forward, so add their values before you run it again"},
		{Name: "β = 4", In: scoresInput{heavy, images(5), 2, 6},
			Hint: "the score is the ELBO itself, whatever β the model trained with: recon + KL, not recon + β·KL"},
		{Name: "Gaussian decoder", In: scoresInput{gauss, images(5), 3, 7}},
	}
}

// ScoresCheck is the check of notebook 08's exercise "score": f(m, x, k,
// rng) must return each row's negative ELBO averaged over k draws of z, as
// Scores does, drawing from a generator seeded as the library's.
func ScoresCheck(f func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64) exercise.Check[scoresInput, []float64] {
	run := func(g func(*vae.Model, vae.Mat, int, *rand.Rand) []float64) func(scoresInput) []float64 {
		return func(in scoresInput) []float64 { return g(in.m, in.x, in.k, rand.New(rand.NewPCG(in.seed, 8))) }
	}
	return exercise.Check[scoresInput, []float64]{
		Name: "negative ELBO per digit", Func: "myScores", Against: "anomaly.Scores",
		Hint: "run all of x through m.Forward(x, rng) k times (the check gives the library the same generator, " +
			"so the draws match in that order) and average recon[r] + kl[r] from m.RowLosses() over the k runs",
		Cases:  scoresCases(),
		Want:   run(Scores),
		Got:    run(f),
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-9, 1e-9) },
		ShowIn: scoresInput.String, ShowOut: exercise.Vec,
	}
}

// CheckScores runs ScoresCheck(f) and prints its verdict (notebook 08,
// exercise "score").
func CheckScores(f func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64) exercise.Status {
	return ScoresCheck(f).Run()
}
