package viz

import (
	"errors"
	"math"
	"path/filepath"
	"testing"
)

func TestRateDistortion(t *testing.T) {
	sweep := RDSeries{Name: "no warm-up", Points: []RDPoint{
		{"β = 0.5", 33, 81}, {"β = 1", 25, 88}, {"β = 4", 8.4, 123}, {"β = 8", 3.7, 152},
	}}
	warm := RDSeries{Name: "warm-up", Dashed: true, Points: []RDPoint{{"β = 8", 4.3, 148}}}
	for _, tc := range []struct {
		name   string
		series []RDSeries
		err    error
	}{
		{"sweep and warm-up", []RDSeries{sweep, warm}, nil},
		{"no series", nil, ErrEmpty},
		{"empty series", []RDSeries{sweep, {Name: "x"}}, ErrEmpty},
		{"NaN", []RDSeries{{Points: []RDPoint{{"a", math.NaN(), 1}}}}, ErrNotFinite},
	} {
		p, err := RateDistortion("Rate and distortion", tc.series...)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		// Every point must lie inside the axes, with room for its label.
		for _, s := range tc.series {
			for _, pt := range s.Points {
				if pt.Rate <= p.X.Min || pt.Rate >= p.X.Max || pt.Distortion <= p.Y.Min || pt.Distortion >= p.Y.Max {
					t.Errorf("%s: point %+v outside the axes x [%g, %g], y [%g, %g]", tc.name, pt, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
				}
			}
		}
		if err := Save(p, 0, 0, filepath.Join(t.TempDir(), "rd.png")); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
