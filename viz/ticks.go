package viz

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks marks about five round values (steps of 1, 2 or 5 times a
// power of ten) between min and max, with unlabelled minor ticks
// halfway, so that a centred range still reads -4, -2, 0, 2, 4.
// It implements plot.Ticker through plot.TickerFunc.
func niceTicks(min, max float64) []plot.Tick {
	span := max - min
	if !(span > 0) || !finite(span) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	raw := span / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	decimals := max0(-int(math.Floor(math.Log10(step))))
	var ticks []plot.Tick
	for k := math.Ceil(min / (step / 2)); k*step/2 <= max; k++ {
		v := k * step / 2
		t := plot.Tick{Value: v}
		if int(k)%2 == 0 {
			if v == 0 {
				v = 0 // no "-0"
			}
			t.Label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func max0(x int) int {
	if x < 0 {
		return 0
	}
	return x
}

// logTicks marks a log axis at powers of ten and, when the range spans
// less than about two decades, also at 2 and 5 times them; a range of
// less than a decade gets the round linear steps of niceTicks. Every log
// axis so has a few labels. It implements plot.Ticker through
// plot.TickerFunc.
func logTicks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) || !finite(max) {
		return plot.LogTicks{Prec: -1}.Ticks(math.Max(min, 1e-300), math.Max(max, 1e-300))
	}
	decades := math.Log10(max / min)
	if decades < 1 { // less than a decade: round linear steps read best
		return niceTicks(min, max)
	}
	labelled := []float64{1}
	if decades < 2.5 {
		labelled = []float64{1, 2, 5}
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m <= 9; m++ {
			v := m * p
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			for _, l := range labelled {
				if m == l {
					t.Label = strconv.FormatFloat(v, 'g', -1, 64)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// WholeTicks marks only whole numbers, such as epochs: labels every 1,
// 2 or 5 times a power of ten, about five of them, with unlabelled minor
// ticks at the whole numbers between when there are few. It never marks
// 1.5 epochs. It implements plot.Ticker; set it as an axis's
// Tick.Marker.
type WholeTicks struct{}

// Ticks implements the plot.Ticker interface.
func (WholeTicks) Ticks(min, max float64) []plot.Tick {
	if !finite(min) || !finite(max) || max < min {
		return nil
	}
	span := max - min
	step := 1.0
	for _, mag := range []float64{1, 10, 100, 1000, 1e4, 1e5, 1e6} {
		found := false
		for _, m := range []float64{1, 2, 5} {
			if m*mag*6 > span {
				step, found = m*mag, true
				break
			}
		}
		if found {
			break
		}
	}
	var ticks []plot.Tick
	minor := step > 1 && step <= 5 && span <= 30
	for v := math.Ceil(min); v <= max; v++ {
		if math.Mod(v, step) != 0 {
			if minor {
				ticks = append(ticks, plot.Tick{Value: v})
			}
			v = math.Min(v, math.Ceil(v/step)*step-1) // skip to the next label
			continue
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
		if !minor {
			v += step - 1
		}
	}
	return ticks
}
