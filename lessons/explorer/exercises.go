package explorer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/vaelab/govae/lessons/exercise"
)

// f64 returns v as float64s, for exercise.NearSlice and exercise.Vec.
func f64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// describe shows an explorer's origin, axes and range in a verdict.
func describe(e *Explorer) string {
	axes := make([]string, len(e.Axes))
	for k, a := range e.Axes {
		axes[k] = exercise.Vec(f64(a.Dir))
	}
	return fmt.Sprintf("Origin = %s, Axes = [%s], Range = %g", exercise.Vec(f64(e.Origin)), strings.Join(axes, ", "), e.Range)
}

// explorers returns the explorers the Z and Values checks use, without a
// model (neither needs one): the plane's, one with a shifted origin and
// axes of lengths 2 and 0.5, one with a single axis in 5-D and a narrower
// range, one with no axes, and random ones built as Principal builds
// them, orthogonal directions scaled by decreasing spreads.
func explorers(rng *rand.Rand) map[string]*Explorer {
	ex := map[string]*Explorer{
		"plane": {Origin: []float32{0, 0}, Range: 3,
			Axes: []Axis{{Name: "z₁", Dir: []float32{1, 0}}, {Name: "z₂", Dir: []float32{0, 1}}}},
		"shifted": {Origin: []float32{0.5, -1, 2}, Range: 3,
			Axes: []Axis{{Name: "a", Dir: []float32{1.2, 0, -1.6}}, {Name: "b", Dir: []float32{0.3, 0, 0.225}}}},
		"one axis": {Origin: []float32{0.1, 0.2, -0.3, 0, 1}, Range: 1.5,
			Axes: []Axis{{Name: "a", Dir: []float32{0, 2, 0, 0, 0}}}},
		"no axes": {Origin: []float32{0.25, -0.5}, Range: 3},
	}
	for i, z := range []int{4, 20} {
		e := &Explorer{Origin: make([]float32, z), Range: 3}
		for j := range e.Origin {
			e.Origin[j] = float32(0.5 * rng.NormFloat64())
		}
		for k, u := range orthonormal(rng, z, 1+i*3) {
			sd := 1.5 / float64(k+1)
			dir := make([]float32, z)
			for j := range dir {
				dir[j] = float32(u[j] * sd)
			}
			e.Axes = append(e.Axes, Axis{Name: fmt.Sprintf("PC %d", k+1), Dir: dir})
		}
		ex[fmt.Sprintf("random %d-D", z)] = e
	}
	return ex
}

// orthonormal returns k orthonormal vectors of n dimensions, drawn at
// random (Gram–Schmidt on Gaussian vectors).
func orthonormal(rng *rand.Rand, n, k int) [][]float64 {
	var out [][]float64
	for len(out) < k {
		v := make([]float64, n)
		for j := range v {
			v[j] = rng.NormFloat64()
		}
		for _, u := range out {
			var d float64
			for j := range v {
				d += v[j] * u[j]
			}
			for j := range v {
				v[j] -= d * u[j]
			}
		}
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for j := range v {
			v[j] /= norm
		}
		out = append(out, v)
	}
	return out
}

// zInput is one case of the Z exercise: an explorer and slider positions.
type zInput struct {
	e   *Explorer
	pos []int
}

func (in zInput) String() string { return fmt.Sprintf("%s, pos = %v", describe(in.e), in.pos) }

// zOut is the learner's latent point, and whether the call left the
// explorer's origin as it was.
type zOut struct {
	z           []float32
	originMoved bool
}

// ZCheck is the check of notebook 09's exercise "z": f(e, pos) must return
// the latent point e.Origin + Σ_k Value(pos_k)·e.Axes[k].Dir, as
// Explorer.Z does, and leave e unchanged.
func ZCheck(f func(e *Explorer, pos []int) []float32) exercise.Check[zInput, zOut] {
	rng := rand.New(rand.NewPCG(9, 1))
	ex := explorers(rng)
	cases := []exercise.Case[zInput]{
		{Name: "the origin", In: zInput{ex["plane"], []int{0, 0}},
			Hint: "with every slider at 0 the point is the origin itself"},
		{Name: "both ends", In: zInput{ex["plane"], []int{Ticks, -Ticks}}},
		{Name: "half way", In: zInput{ex["plane"], []int{Ticks / 2, -Ticks / 4}},
			Hint: "in Go, pos/Ticks between two ints is an integer division (0 for |pos| < Ticks): convert to float64 before dividing"},
		{Name: "one tick", In: zInput{ex["plane"], []int{1, 0}}},
		{Name: "shifted origin", In: zInput{ex["shifted"], []int{20, -45}},
			Hint: "start from a copy of the origin and add each axis's step: z = Origin + Σ_k value_k·Dir_k"},
		{Name: "Range = 1.5", In: zInput{ex["one axis"], []int{-36}},
			Hint: "use the explorer's Range, not a fixed 3: value = Range·pos/Ticks"},
		{Name: "no axes", In: zInput{ex["no axes"], []int{}},
			Hint: "with no axes the point is the origin"},
	}
	for _, name := range []string{"random 4-D", "random 20-D"} {
		for range 2 {
			e := ex[name]
			pos := make([]int, len(e.Axes))
			for k := range pos {
				pos[k] = rng.IntN(2*Ticks+1) - Ticks
			}
			cases = append(cases, exercise.Case[zInput]{Name: name, In: zInput{e, pos}})
		}
	}
	return exercise.Check[zInput, zOut]{
		Name: "latent point of the sliders", Func: "myZ", Against: "Explorer.Z",
		Hint:  "z = Origin + Σ_k (Range·pos_k/Ticks)·Axes[k].Dir, computed on a copy of the origin",
		Cases: cases,
		Want:  func(in zInput) zOut { return zOut{z: in.e.Z(in.pos)} },
		Got: func(in zInput) zOut {
			origin := slices.Clone(in.e.Origin)
			z := f(in.e, in.pos)
			moved := !slices.Equal(origin, in.e.Origin)
			z = slices.Clone(z)       // z may share the origin's memory
			copy(in.e.Origin, origin) // so the next cases start from the same explorer
			return zOut{z, moved}
		},
		Differ: func(want, got zOut) string {
			if got.originMoved {
				return "it changed e.Origin: z := e.Origin shares the origin's memory; start from slices.Clone(e.Origin)"
			}
			return exercise.NearSlice(f64(want.z), f64(got.z), 1e-5, 1e-6)
		},
		ShowIn:  zInput.String,
		ShowOut: func(o zOut) string { return exercise.Vec(f64(o.z)) },
	}
}

// CheckZ runs ZCheck(f) and prints its verdict (notebook 09, exercise "z").
func CheckZ(f func(e *Explorer, pos []int) []float32) exercise.Status { return ZCheck(f).Run() }

// valuesInput is one case of the Values exercise: an explorer and a
// latent point.
type valuesInput struct {
	e *Explorer
	z []float32
}

func (in valuesInput) String() string {
	return fmt.Sprintf("%s, z = %s", describe(in.e), exercise.Vec(f64(in.z)))
}

// ValuesCheck is the check of notebook 09's exercise "values": f(e, z)
// must return the slider values of the latent point z, the projection of
// z − e.Origin on each axis in lengths of that axis, as Explorer.Values
// does.
func ValuesCheck(f func(e *Explorer, z []float32) []float64) exercise.Check[valuesInput, []float64] {
	rng := rand.New(rand.NewPCG(9, 2))
	ex := explorers(rng)
	point := func(n int) []float32 {
		z := make([]float32, n)
		for j := range z {
			z[j] = float32(rng.NormFloat64())
		}
		return z
	}
	cases := []exercise.Case[valuesInput]{
		{Name: "the plane", In: valuesInput{ex["plane"], []float32{1.5, -0.75}},
			Hint: "on the plane the origin is 0 and the axes are (1, 0) and (0, 1): the values are z itself"},
		{Name: "the origin", In: valuesInput{ex["shifted"], slices.Clone(ex["shifted"].Origin)},
			Hint: "at the origin every slider is at 0: measure z from the origin, z − Origin"},
		{Name: "shifted origin", In: valuesInput{ex["shifted"], []float32{2, -1, 0.5}},
			Hint: "measure z from the origin: project z − Origin, not z"},
		{Name: "one unit along an axis", In: valuesInput{ex["shifted"], ex["shifted"].Z([]int{0, Ticks / 3})},
			Hint: "a whole Dir_k is one unit of slider: divide the dot product (z − Origin)·Dir_k by Dir_k·Dir_k, the squared length, not by the length"},
		{Name: "off the axes", In: valuesInput{ex["one axis"], []float32{1, -1, 2, 3, 0}},
			Hint: "only the part of z − Origin along Dir_k counts: a dot product ignores the rest"},
		{Name: "no axes", In: valuesInput{ex["no axes"], []float32{1, 2}},
			Hint: "one value per axis: none here"},
	}
	for _, name := range []string{"random 4-D", "random 20-D"} {
		e := ex[name]
		pos := make([]int, len(e.Axes))
		for k := range pos {
			pos[k] = rng.IntN(2*Ticks+1) - Ticks
		}
		cases = append(cases,
			exercise.Case[valuesInput]{Name: "round trip", In: valuesInput{e, e.Z(pos)}},
			exercise.Case[valuesInput]{Name: name, In: valuesInput{e, point(len(e.Origin))}})
	}
	return exercise.Check[valuesInput, []float64]{
		Name: "slider values of a latent point", Func: "myValues", Against: "Explorer.Values",
		Hint:  "v_k = (z − Origin)·Dir_k / (Dir_k·Dir_k), one value per axis",
		Cases: cases,
		Want:  func(in valuesInput) []float64 { return in.e.Values(in.z) },
		Got:   func(in valuesInput) []float64 { return f(in.e, in.z) },
		// The inputs are float32: a learner may well compute in float32.
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-5, 1e-6) },
		ShowIn: valuesInput.String, ShowOut: exercise.Vec,
	}
}

// CheckValues runs ValuesCheck(f) and prints its verdict (notebook 09,
// exercise "values").
func CheckValues(f func(e *Explorer, z []float32) []float64) exercise.Status {
	return ValuesCheck(f).Run()
}

// codes is one case of the first-direction exercise: N codes of Z
// dimensions.
type codes [][]float64

func (c codes) String() string {
	rows := make([]string, 0, 3)
	for i, r := range c {
		if i == 2 && len(c) > 3 {
			rows = append(rows, fmt.Sprintf("… %d more", len(c)-2))
			break
		}
		rows = append(rows, exercise.Vec(r))
	}
	return fmt.Sprintf("%d codes of %d dimensions: %s", len(c), len(c[0]), strings.Join(rows, ", "))
}

// spread returns n codes of len(sd) dimensions whose spread along the
// orthonormal directions u (as many as sd) is sd, around mean.
func spread(rng *rand.Rand, n int, mean, sd []float64, u [][]float64) codes {
	out := make(codes, n)
	for i := range out {
		out[i] = slices.Clone(mean)
		for k, s := range sd {
			g := s * rng.NormFloat64()
			for j := range out[i] {
				out[i][j] += g * u[k][j]
			}
		}
	}
	return out
}

// pcCases are the inputs of the first-direction check. Each has one
// clearly largest variance (TestPCCasesHaveAGap), so its first direction
// is defined up to sign.
func pcCases() []exercise.Case[codes] {
	rng := rand.New(rand.NewPCG(9, 3))
	axis := codes{{2, 0}, {-2, 0}, {0, 1}, {0, -1}}
	offCentre := make(codes, len(axis))
	for i, c := range axis {
		offCentre[i] = []float64{c[0] + 10, c[1] - 30}
	}
	cases := []exercise.Case[codes]{
		{Name: "along an axis", In: axis},
		{Name: "off centre", In: offCentre,
			Hint: "subtract the mean code before the covariance: the direction of largest variance about the mean, not about 0"},
		{Name: "along z₁ = −z₂", In: codes{{2, -2}, {-2, 2}, {0.5, 0.5}, {-0.5, -0.5}},
			Hint: "a start vector at right angles to the first direction never turns towards it, and (1, 1, …) is at right angles to (1, −1): start from one without such symmetry"},
		{Name: "one dimension", In: codes{{1}, {2}, {4}},
			Hint: "in one dimension the direction is (1) or (−1): normalise v to unit length"},
		{Name: "two codes", In: codes{{1, 2, 3}, {3, 2, 0}},
			Hint: "two codes vary only along their difference: the direction is that difference, normalised"},
		{Name: "close variances", In: spread(rng, 400, make([]float64, 6), []float64{1, 0.9, 0.5, 0.4, 0.3, 0.2}, orthonormal(rng, 6, 6)),
			Hint: "when the two largest variances are close, power iteration turns slowly: repeat until v stops changing (say by 1e-12), not a fixed few times"},
	}
	for _, s := range []struct{ n, z int }{{50, 3}, {200, 8}, {500, 20}} {
		mean, sd := make([]float64, s.z), make([]float64, s.z)
		for j := range mean {
			mean[j] = rng.NormFloat64()
			sd[j] = 2 / float64(j+1)
		}
		cases = append(cases, exercise.Case[codes]{Name: "random", In: spread(rng, s.n, mean, sd, orthonormal(rng, s.z, s.z))})
	}
	return cases
}

// PC1Check is the check of notebook 09's exercise "pc": f(codes) must
// return the first principal direction of the codes, a unit vector, as
// PCA does up to its sign.
func PC1Check(f func(codes [][]float64) []float64) exercise.Check[codes, []float64] {
	return exercise.Check[codes, []float64]{
		Name: "first principal direction", Func: "myPC1", Against: "explorer.PCA (up to sign)",
		Hint: "centre the codes, form their covariance Σ, then repeat v ← Σv/‖Σv‖ from a start vector until v " +
			"stops changing",
		Cases: pcCases(),
		Want: func(c codes) []float64 {
			_, dirs, _, err := PCA(c)
			if err != nil {
				panic(err) // the cases are fixed and valid
			}
			return dirs[0]
		},
		Got: func(c codes) []float64 { return f(c) },
		Differ: func(want, got []float64) string {
			if len(got) != len(want) {
				return fmt.Sprintf("length %d, expected %d", len(got), len(want))
			}
			var norm, d float64
			for j := range got {
				norm += got[j] * got[j]
				d += got[j] * want[j]
			}
			if math.Abs(math.Sqrt(norm)-1) > 1e-6 {
				return fmt.Sprintf("its length is %.6g: return a unit vector", math.Sqrt(norm))
			}
			flipped := slices.Clone(got)
			if d < 0 { // the sign of a direction is arbitrary
				for j := range flipped {
					flipped[j] = -flipped[j]
				}
			}
			return exercise.NearSlice(want, flipped, 0, 1e-6)
		},
		ShowIn: codes.String, ShowOut: exercise.Vec,
	}
}

// CheckPC1 runs PC1Check(f) and prints its verdict (notebook 09, exercise
// "pc").
func CheckPC1(f func(codes [][]float64) []float64) exercise.Status { return PC1Check(f).Run() }
