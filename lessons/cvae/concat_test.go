package cvae

import (
	"slices"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestConcat(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b       vae.Mat
		want       []float32
		skipA      bool // backward with da.Data nil
		wantDA     []float32
		wantDB     []float32
		doutOffset float32 // dout = out + offset, so forward and backward differ
	}{
		{
			name: "2 rows, 2+1 columns",
			a:    vae.MatFrom(2, 2, []float32{1, 2, 3, 4}),
			b:    vae.MatFrom(2, 1, []float32{5, 6}),
			want: []float32{1, 2, 5, 3, 4, 6},
			// dout = out + 10 is added to da = 1 and db = 1 (ones).
			doutOffset: 10,
			wantDA:     []float32{12, 13, 14, 15},
			wantDB:     []float32{16, 17},
		},
		{
			name:       "label side only, as training's decoder never needs",
			a:          vae.MatFrom(1, 3, []float32{0.5, -1, 2}),
			b:          vae.MatFrom(1, 2, []float32{0, 1}),
			want:       []float32{0.5, -1, 2, 0, 1},
			skipA:      true,
			doutOffset: 0,
			wantDB:     []float32{1, 2},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := vae.NewMat(tc.a.Rows, tc.a.Cols+tc.b.Cols)
			ConcatForward(out, tc.a, tc.b)
			if !slices.Equal(out.Data, tc.want) {
				t.Fatalf("ConcatForward = %v, want %v", out.Data, tc.want)
			}
			dout := out.Clone()
			for i := range dout.Data {
				dout.Data[i] += tc.doutOffset
			}
			da := vae.Mat{Rows: tc.a.Rows, Cols: tc.a.Cols}
			if !tc.skipA {
				da = ones(tc.a.Rows, tc.a.Cols)
			}
			db := ones(tc.b.Rows, tc.b.Cols)
			ConcatBackward(da, db, dout)
			if !tc.skipA && !slices.Equal(da.Data, tc.wantDA) {
				t.Errorf("da = %v, want %v", da.Data, tc.wantDA)
			}
			if !slices.Equal(db.Data, tc.wantDB) {
				t.Errorf("db = %v, want %v", db.Data, tc.wantDB)
			}
		})
	}
}

func ones(r, c int) vae.Mat {
	m := vae.NewMat(r, c)
	for i := range m.Data {
		m.Data[i] = 1
	}
	return m
}

func TestShapeMisusePanics(t *testing.T) {
	m, err := New(Config{Input: 4, Classes: 2, Hidden: 3, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"concat rows differ", func() { ConcatForward(vae.NewMat(2, 3), vae.NewMat(2, 2), vae.NewMat(1, 1)) }},
		{"concat split does not add up", func() { ConcatBackward(vae.NewMat(1, 2), vae.NewMat(1, 2), vae.NewMat(1, 3)) }},
		{"labels of the wrong width", func() { m.Forward(vae.NewMat(2, 4), vae.NewMat(2, 3), newRNG(1)) }},
		{"backward before forward", func() { m.Backward(vae.Mat{}) }},
		{"label outside the classes", func() { OneHot([]int{2}, 2) }},
		{"walk of one step", func() { Walk(2, 0, 1, 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tc.f()
		})
	}
}

func TestMostUsed(t *testing.T) {
	for _, tc := range []struct {
		perDim []float64
		n      int
		want   []int
	}{
		{[]float64{0.1, 3, 0.02, 2.5}, 2, []int{1, 3}},
		{[]float64{1, 1, 4}, 5, []int{2, 0, 1}}, // ties keep their order; n beyond the length is all
		{nil, 2, []int{}},
	} {
		if got := MostUsed(tc.perDim, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("MostUsed(%v, %d) = %v, want %v", tc.perDim, tc.n, got, tc.want)
		}
	}
}
