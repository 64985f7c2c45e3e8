package betavae

import "testing"

func TestLandmarks(t *testing.T) {
	tests := []struct {
		name string
		tr   Trace
		want string
	}{
		{"no steps", Trace{}, "run: no steps recorded"},
		{"dip and climb", Trace{
			Recon: []float64{550, 300, 200, 180, 170},
			KL:    []float64{2, 3, 0.5, 0.4, 1.5},
		}, "run: reconstruction 550 nats at step 1; KL peaks at 3.0 nats (step 2), falls back below 1 nat from step 3 to step 4; at the last step, reconstruction 170.0 and KL 1.50 nats"},
		{"below 1 to the end", Trace{
			Recon: []float64{500, 400},
			KL:    []float64{1.2, 0.2},
		}, "run: reconstruction 500 nats at step 1; KL peaks at 1.2 nats (step 1), falls back below 1 nat from step 2 to the end; at the last step, reconstruction 400.0 and KL 0.20 nats"},
		{"starts below 1: not a dip", Trace{
			Recon: []float64{500, 450, 400},
			KL:    []float64{0.1, 0.5, 2},
		}, "run: reconstruction 500 nats at step 1; KL peaks at 2.0 nats (step 3); at the last step, reconstruction 400.0 and KL 2.00 nats"},
		{"never below 1", Trace{
			Recon: []float64{500, 400},
			KL:    []float64{40, 50},
		}, "run: reconstruction 500 nats at step 1; KL peaks at 50.0 nats (step 2); at the last step, reconstruction 400.0 and KL 50.00 nats"},
	}
	for _, tc := range tests {
		if got := tc.tr.Landmarks("run", 1); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// Smoothed over 2 steps the KL of "dip and climb" is 2, 2.5, 1.75,
	// 0.45, 0.95: the dip starts a step later and lasts to the end.
	tr := tests[1].tr
	want := "run: reconstruction 550 nats at step 1; KL peaks at 2.5 nats (step 2), falls back below 1 nat from step 4 to the end; at the last step, reconstruction 175.0 and KL 0.95 nats"
	if got := tr.Landmarks("run", 2); got != want {
		t.Errorf("k = 2:\n got %s\nwant %s", got, want)
	}
}
