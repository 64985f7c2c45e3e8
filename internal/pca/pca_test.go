package pca

import (
	"math"
	"testing"
)

func TestComponents(t *testing.T) {
	for _, tc := range []struct {
		name      string
		x         [][]float64
		mean      []float64
		dirs      [][]float64
		variances []float64
	}{
		// Variance 8/3 along x₁ and 2/3 along x₂ about the mean (1, −2).
		{"axis-aligned", [][]float64{{3, -2}, {-1, -2}, {1, -1}, {1, -3}},
			[]float64{1, -2}, [][]float64{{1, 0}, {0, 1}}, []float64{8.0 / 3, 2.0 / 3}},
		// The same points flipped about their mean: the sign rule gives
		// the same directions.
		{"flipped", [][]float64{{-1, -2}, {3, -2}, {1, -3}, {1, -1}},
			[]float64{1, -2}, [][]float64{{1, 0}, {0, 1}}, []float64{8.0 / 3, 2.0 / 3}},
		// Fewer points than dimensions still give every direction (what
		// stat.PC's thin SVD would not): two points 2√2 apart along
		// (1, 1, 0)/√2 have variance (2√2)²/2 = 4 along it and none across.
		{"fewer points than dimensions", [][]float64{{1, 1, 5}, {-1, -1, 5}},
			[]float64{0, 0, 5}, [][]float64{{math.Sqrt2 / 2, math.Sqrt2 / 2, 0}, nil, nil}, []float64{4, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mean, dirs, variances, err := Components(tc.x)
			if err != nil {
				t.Fatal(err)
			}
			d := len(tc.x[0])
			if len(dirs) != d || len(variances) != d {
				t.Fatalf("%d directions and %d variances, want %d", len(dirs), len(variances), d)
			}
			for j := range d {
				if math.Abs(mean[j]-tc.mean[j]) > 1e-12 {
					t.Errorf("mean %v, want %v", mean, tc.mean)
				}
			}
			for i := range d {
				if math.Abs(variances[i]-tc.variances[i]) > 1e-12 {
					t.Errorf("variance %d is %v, want %v", i, variances[i], tc.variances[i])
				}
				var norm float64
				for _, u := range dirs[i] {
					norm += u * u
				}
				if math.Abs(norm-1) > 1e-12 {
					t.Errorf("direction %d, %v, is not a unit vector", i, dirs[i])
				}
				for j, w := range tc.dirs[i] { // nil: any direction
					if math.Abs(dirs[i][j]-w) > 1e-12 {
						t.Errorf("direction %d is %v, want %v", i, dirs[i], tc.dirs[i])
						break
					}
				}
			}
		})
	}
}

func TestComponentsPanics(t *testing.T) {
	for _, x := range [][][]float64{nil, {{1, 2}}, {{}, {}}, {{1, 2}, {3}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Components(%v) did not panic", x)
				}
			}()
			Components(x)
		}()
	}
}
