package convvae

import (
	"slices"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

// TestKernelIsWhatConvApplies: the feature map Conv makes with Kernel(o)
// is conv1's output channel o, before its bias.
func TestKernelIsWhatConvApplies(t *testing.T) {
	m, err := New(Config{C1: 3, C2: 2, Latent: 2, Threads: 1}, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := gradcheck.Digits(1, newRNG(3))
	y := vae.NewMat(1, m.Conv1.Out())
	m.Conv1.Forward(y, vae.NewMat(m.Conv1.ColsShape(1)), x)
	for o := range 3 {
		fm := Conv(Image(x.Row(0)), Kernel(m.Conv1, o), 2, 1)
		for i, r := range fm {
			for j, v := range r {
				want := float64(y.Row(0)[(i*m.Conv1.OutW()+j)*3+o] - m.Conv1.B[o])
				if d := v - want; d > 1e-5 || d < -1e-5 {
					t.Fatalf("channel %d pixel (%d, %d): Conv with Kernel gives %g, conv1 %g", o, i, j, v, want)
				}
			}
		}
	}
}

func TestSigned(t *testing.T) {
	for _, tc := range []struct {
		in   [][]float64
		want []float32
	}{
		{[][]float64{{2, -1}, {0, 1}}, []float32{1, 0.25, 0.5, 0.75}},
		{[][]float64{{0, 0}, {0, 0}}, []float32{0.5, 0.5, 0.5, 0.5}},
		{[][]float64{{-4}}, []float32{0}},
	} {
		if got := Signed(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Signed(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
