package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// row is one config's line in the table.
type row struct {
	Name      string
	Trainer   string
	Threads   int
	Median    float64 // median epoch seconds over all epochs of all rounds; NaN if no run succeeded
	Min, Max  float64 // fastest and slowest epoch
	FinalTest float64 // median over rounds of the last epoch's test loss
	GFLOPs    float64
	RSSMB     float64 // largest peak RSS over rounds, MB (2^20 bytes); 0 if unknown
	Runs      int     // successful runs
	VsBest    string  // speed against the fastest anchor config (PyTorch or JAX)
	VsSame    string  // speed against the fastest anchor config with the same thread count
	Err       string  // why no run succeeded
}

// summarize turns the runs of each config into its row. Every successful
// run's epochs count towards the median; a failed run counts towards
// nothing, and a config with no successful run keeps its first error.
func summarize(cs []config, runs []runRecord, flopsPerEpoch int64) []row {
	rows := make([]row, 0, len(cs))
	for _, c := range cs {
		r := row{Name: c.Name, Trainer: c.Trainer, Threads: c.Threads, Median: math.NaN(), Min: math.NaN(), Max: math.NaN(), FinalTest: math.NaN()}
		var secs, finals []float64
		for _, run := range runs {
			if run.Config != c.Name {
				continue
			}
			if run.Error != "" || len(run.parsed) == 0 {
				if r.Err == "" {
					r.Err = run.Error
				}
				continue
			}
			r.Runs++
			for _, e := range run.parsed {
				secs = append(secs, e.EpochS)
			}
			finals = append(finals, run.parsed[len(run.parsed)-1].Test)
			r.RSSMB = max(r.RSSMB, float64(run.MaxRSSKiB)/1024)
		}
		if r.Runs > 0 {
			r.Err = ""
			r.Median, r.Min, r.Max = median(secs), slices.Min(secs), slices.Max(secs)
			r.FinalTest = median(finals)
			r.GFLOPs = gflops(flopsPerEpoch, r.Median)
		}
		rows = append(rows, r)
	}
	return rows
}

// compare fills in VsBest and VsSame, and returns the name of the fastest
// anchor config, PyTorch or JAX ("" if none ran). An anchor config that is
// its own reference says so instead of "1.00x faster".
func compare(rows []row) string {
	best := -1
	sameBest := map[int]int{} // threads → index of the fastest anchor row
	for i, r := range rows {
		if r.Trainer == goTrainer || math.IsNaN(r.Median) {
			continue
		}
		if best < 0 || r.Median < rows[best].Median {
			best = i
		}
		if j, ok := sameBest[r.Threads]; !ok || r.Median < rows[j].Median {
			sameBest[r.Threads] = i
		}
	}
	for i := range rows {
		r := &rows[i]
		r.VsBest, r.VsSame = "n/a", "n/a"
		if best >= 0 {
			r.VsBest = against(i, best, rows)
		}
		if j, ok := sameBest[r.Threads]; ok {
			r.VsSame = against(i, j, rows)
		}
	}
	if best < 0 {
		return ""
	}
	return rows[best].Name
}

func against(i, ref int, rows []row) string {
	if i == ref {
		return "reference"
	}
	return speedup(rows[i].Median, rows[ref].Median)
}

// renderTable writes rows as a Markdown table, its columns padded so it
// also reads as plain text. bestAnchor names the fastest anchor config in
// the header.
func renderTable(w io.Writer, rows []row, bestAnchor string) error {
	vsBest := "vs fastest anchor"
	if bestAnchor != "" {
		vsBest += " (" + bestAnchor + ")"
	}
	cells := [][]string{{"config", "median epoch s", "min–max s", vsBest, "vs fastest anchor, same threads", "final test loss", "dense GFLOP/s", "peak RSS MB"}}
	for _, r := range rows {
		if math.IsNaN(r.Median) {
			cells = append(cells, []string{r.Name, "failed", "–", "–", "–", "–", "–", "–"})
			continue
		}
		rss := "n/a"
		if r.RSSMB > 0 {
			rss = fmt.Sprintf("%.0f", r.RSSMB)
		}
		cells = append(cells, []string{r.Name, fmt.Sprintf("%.3f", r.Median), fmt.Sprintf("%.2f–%.2f", r.Min, r.Max),
			r.VsBest, r.VsSame, fmt.Sprintf("%.2f", r.FinalTest), fmt.Sprintf("%.1f", r.GFLOPs), rss})
	}
	width := make([]int, len(cells[0]))
	for _, line := range cells {
		for j, c := range line {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	for i, line := range cells {
		for j, c := range line {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			if j == 0 {
				b.WriteString("| " + c + pad + " ")
			} else {
				b.WriteString("| " + pad + c + " ") // numbers right-aligned
			}
		}
		b.WriteString("|\n")
		if i == 0 {
			for j := range line {
				dashes := strings.Repeat("-", width[j]+1)
				if j == 0 {
					b.WriteString("|" + dashes + "-")
				} else {
					b.WriteString("|" + dashes + ":")
				}
			}
			b.WriteString("|\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
