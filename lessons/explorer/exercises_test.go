package explorer

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// stepZ returns a myZ that adds value(e, pos_k)·Dir_k to a copy of the
// origin, or to the origin itself when inPlace is set.
func stepZ(value func(e *Explorer, pos int) float32, inPlace bool) func(e *Explorer, pos []int) []float32 {
	return func(e *Explorer, pos []int) []float32 {
		z := e.Origin
		if !inPlace {
			z = append([]float32(nil), e.Origin...)
		}
		for k, a := range e.Axes {
			v := value(e, pos[k])
			for j := range z {
				z[j] += v * a.Dir[j]
			}
		}
		return z
	}
}

func TestZCheck(t *testing.T) {
	right := func(e *Explorer, pos int) float32 { return float32(e.Range * float64(pos) / Ticks) }
	for _, tc := range []struct {
		name string
		f    func(e *Explorer, pos []int) []float32
		want exercise.Status
	}{
		{"right", stepZ(right, false), exercise.Pass},
		{"in float64", func(e *Explorer, pos []int) []float32 {
			z := make([]float32, len(e.Origin))
			for j := range z {
				s := float64(e.Origin[j])
				for k, a := range e.Axes {
					s += e.Range * float64(pos[k]) / Ticks * float64(a.Dir[j])
				}
				z[j] = float32(s)
			}
			return z
		}, exercise.Pass},
		{"stub", func(e *Explorer, pos []int) []float32 { panic("TODO") }, exercise.Todo},
		{"integer division", stepZ(func(e *Explorer, pos int) float32 { return float32(e.Range) * float32(pos/Ticks) }, false), exercise.Wrong},
		{"positions as values", stepZ(func(e *Explorer, pos int) float32 { return float32(pos) }, false), exercise.Wrong},
		{"Range fixed at 3", stepZ(func(e *Explorer, pos int) float32 { return 3 * float32(pos) / Ticks }, false), exercise.Wrong},
		{"in place", stepZ(right, true), exercise.Wrong},
		{"no origin", func(e *Explorer, pos []int) []float32 {
			z := stepZ(right, false)(e, pos)
			for j := range z {
				z[j] -= e.Origin[j]
			}
			return z
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ZCheck(tc.f), tc.want) })
	}
}

// project returns a myValues that projects z minus the origin (or z, when
// fromZero is set) on each axis and divides by norm(d·d).
func project(fromZero bool, norm func(dd float64) float64) func(e *Explorer, z []float32) []float64 {
	return func(e *Explorer, z []float32) []float64 {
		v := make([]float64, len(e.Axes))
		for k, a := range e.Axes {
			var num, dd float64
			for j, d := range a.Dir {
				x := float64(z[j])
				if !fromZero {
					x -= float64(e.Origin[j])
				}
				num += x * float64(d)
				dd += float64(d) * float64(d)
			}
			v[k] = num / norm(dd)
		}
		return v
	}
}

func TestValuesCheck(t *testing.T) {
	id := func(dd float64) float64 { return dd }
	for _, tc := range []struct {
		name string
		f    func(e *Explorer, z []float32) []float64
		want exercise.Status
	}{
		{"right", project(false, id), exercise.Pass},
		{"stub", func(e *Explorer, z []float32) []float64 { panic("TODO") }, exercise.Todo},
		{"from 0, not the origin", project(true, id), exercise.Wrong},
		{"by the length, not its square", project(false, math.Sqrt), exercise.Wrong},
		{"no division", project(false, func(float64) float64 { return 1 }), exercise.Wrong},
		{"in ticks", func(e *Explorer, z []float32) []float64 {
			v := project(false, id)(e, z)
			for k := range v {
				v[k] *= Ticks / e.Range
			}
			return v
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ValuesCheck(tc.f), tc.want) })
	}
}

// powerPC1 is a first direction by power iteration from start, with or
// without centring the codes, for at most iters steps.
func powerPC1(centre bool, start func(j int) float64, iters int) func(c [][]float64) []float64 {
	return func(c [][]float64) []float64 {
		n, d := len(c), len(c[0])
		mean := make([]float64, d)
		if centre {
			for _, r := range c {
				for j, x := range r {
					mean[j] += x / float64(n)
				}
			}
		}
		cov := make([][]float64, d)
		for a := range cov {
			cov[a] = make([]float64, d)
			for _, r := range c {
				for b := range d {
					cov[a][b] += (r[a] - mean[a]) * (r[b] - mean[b])
				}
			}
		}
		v := make([]float64, d)
		for j := range v {
			v[j] = start(j)
		}
		for range iters {
			w := make([]float64, d)
			var norm float64
			for a := range d {
				for b := range d {
					w[a] += cov[a][b] * v[b]
				}
				norm += w[a] * w[a]
			}
			done := true
			for a := range d {
				w[a] /= math.Sqrt(norm)
				done = done && math.Abs(w[a]-v[a]) <= 1e-12
			}
			if v = w; done {
				break
			}
		}
		return v
	}
}

func TestPC1Check(t *testing.T) {
	ramp := func(j int) float64 { return float64(j + 1) }
	ones := func(int) float64 { return 1 }
	for _, tc := range []struct {
		name string
		f    func(c [][]float64) []float64
		want exercise.Status
	}{
		{"right", powerPC1(true, ramp, 10000), exercise.Pass},
		{"the library's, flipped", func(c [][]float64) []float64 {
			_, dirs, _, _ := PCA(c)
			for j := range dirs[0] {
				dirs[0][j] = -dirs[0][j]
			}
			return dirs[0]
		}, exercise.Pass},
		{"stub", func(c [][]float64) []float64 { panic("TODO") }, exercise.Todo},
		{"not centred", powerPC1(false, ramp, 10000), exercise.Wrong},
		{"start at (1, 1, …)", powerPC1(true, ones, 10000), exercise.Wrong},
		{"ten steps", powerPC1(true, ramp, 10), exercise.Wrong},
		{"the last direction", func(c [][]float64) []float64 {
			_, dirs, _, _ := PCA(c)
			return dirs[len(dirs)-1]
		}, exercise.Wrong},
		{"not unit length", func(c [][]float64) []float64 {
			_, dirs, v, _ := PCA(c)
			for j := range dirs[0] {
				dirs[0][j] *= math.Sqrt(v[0])
			}
			return dirs[0]
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, PC1Check(tc.f), tc.want) })
	}
}

// TestPCCasesHaveAGap checks that every case of the first-direction check
// has one clearly largest variance, so its direction is defined and power
// iteration reaches it.
func TestPCCasesHaveAGap(t *testing.T) {
	for _, c := range pcCases() {
		_, _, v, err := PCA(c.In)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if len(v) > 1 && v[0] < 1.1*v[1] {
			t.Errorf("%s: variances %.4g and %.4g are too close", c.Name, v[0], v[1])
		}
	}
}

// TestPCA checks PCA on codes whose answer is known: variance 8/3 along
// z₁ and 2/3 along z₂ about the mean (1, −2), and the sign rule.
func TestPCA(t *testing.T) {
	c := [][]float64{{3, -2}, {-1, -2}, {1, -1}, {1, -3}}
	mean, dirs, v, err := PCA(c)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{1, 0}, {0, 1}}
	for i, w := range []float64{8.0 / 3, 2.0 / 3} {
		if math.Abs(v[i]-w) > 1e-12 || math.Abs(dirs[i][0]-want[i][0]) > 1e-12 || math.Abs(dirs[i][1]-want[i][1]) > 1e-12 {
			t.Errorf("component %d: variance %v along %v, want %v along %v", i, v[i], dirs[i], w, want[i])
		}
	}
	if mean[0] != 1 || mean[1] != -2 {
		t.Errorf("mean %v, want [1 -2]", mean)
	}
	// Flipping the codes about their mean flips nothing: the largest
	// component of each direction stays positive.
	_, dirs2, _, _ := PCA([][]float64{{-1, -2}, {3, -2}, {1, -3}, {1, -1}})
	if dirs2[0][0] != dirs[0][0] || dirs2[1][1] != dirs[1][1] {
		t.Errorf("directions %v after flipping the codes, want %v", dirs2, dirs)
	}
	for _, bad := range [][][]float64{{{1, 2}}, {{1, 2}, {3}}, {{}, {}}} {
		if _, _, _, err := PCA(bad); err == nil {
			t.Errorf("PCA(%v): no error", bad)
		}
	}
}

// TestValuesInvertsZ checks that Values undoes Z on orthogonal axes, and
// panics on a point of the wrong size.
func TestValuesInvertsZ(t *testing.T) {
	e := &Explorer{Origin: []float32{1, 2, 3}, Range: 3, Axes: []Axis{
		{Name: "a", Dir: []float32{2, 0, 0}}, {Name: "b", Dir: []float32{0, 0.5, 0.5}}}}
	pos := []int{Ticks / 2, -Ticks / 3}
	v := e.Values(e.Z(pos))
	for k, p := range pos {
		if math.Abs(v[k]-e.Value(p)) > 1e-6 {
			t.Errorf("Values(Z(%v)) = %v, want [%v %v]", pos, v, e.Value(pos[0]), e.Value(pos[1]))
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Values of a 2-D point in a 3-D space did not panic")
		}
	}()
	e.Values([]float32{0, 0})
}
