package main

import (
	"math"
	"strings"
	"testing"
)

// runOf is a successful run whose epochs took secs and whose last test
// loss is test.
func runOf(name string, test float64, rssKiB int64, secs ...float64) runRecord {
	r := runRecord{Config: name, MaxRSSKiB: rssKiB}
	for i, s := range secs {
		r.parsed = append(r.parsed, epochLine{Epoch: i + 1, Test: test + float64(len(secs)-1-i), EpochS: s})
	}
	return r
}

func TestSummarizeAndCompare(t *testing.T) {
	cs := []config{
		{Name: "go-t1", Trainer: goTrainer, Threads: 1},
		{Name: "go-t2", Trainer: goTrainer, Threads: 2},
		{Name: "torch-t1", Trainer: torchTrainer, Threads: 1},
		{Name: "torch-t2", Trainer: torchTrainer, Threads: 2},
		{Name: "torch-skx-t2", Trainer: torchTrainer, Threads: 2},
	}
	runs := []runRecord{
		runOf("go-t1", 106, 80*1024, 2, 3, 9),       // round 1
		runOf("go-t2", 106, 90*1024, 1.5, 1.5, 1.5), // round 1
		runOf("torch-t1", 105, 400*1024, 4, 4, 4),
		runOf("torch-t2", 105, 470*1024, 3, 3, 3),
		{Config: "torch-skx-t2", Error: "signal: illegal instruction"},
		runOf("go-t1", 108, 100*1024, 3, 3, 3), // round 2: epochs pool, final losses take their median
	}
	rows := summarize(cs, runs, 60e9)
	best := compare(rows)
	if best != "torch-t2" {
		t.Errorf("fastest PyTorch config %q, want torch-t2", best)
	}
	for _, tc := range []struct {
		name                       string
		median, min, max, final    float64
		gflops, rss                float64
		runs                       int
		vsBest, vsSame, errContain string
	}{
		{"go-t1", 3, 2, 9, 107, 20, 100, 2, "1.00x faster", "1.33x faster", ""},
		{"go-t2", 1.5, 1.5, 1.5, 106, 40, 90, 1, "2.00x faster", "2.00x faster", ""},
		{"torch-t1", 4, 4, 4, 105, 15, 400, 1, "1.33x slower", "reference", ""},
		{"torch-t2", 3, 3, 3, 105, 20, 470, 1, "reference", "reference", ""},
		{"torch-skx-t2", math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0, 0, 0, "n/a", "n/a", "illegal instruction"},
	} {
		var r *row
		for i := range rows {
			if rows[i].Name == tc.name {
				r = &rows[i]
			}
		}
		if r == nil {
			t.Fatalf("no row for %s", tc.name)
		}
		same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
		if !same(r.Median, tc.median) || !same(r.Min, tc.min) || !same(r.Max, tc.max) || !same(r.FinalTest, tc.final) ||
			r.GFLOPs != tc.gflops || r.RSSMB != tc.rss || r.Runs != tc.runs || r.VsBest != tc.vsBest || r.VsSame != tc.vsSame ||
			(tc.errContain == "") != (r.Err == "") || !strings.Contains(r.Err, tc.errContain) {
			t.Errorf("%s: %+v\nwant median %g min %g max %g final %g gflops %g rss %g runs %d vs best %q vs same %q error with %q",
				tc.name, *r, tc.median, tc.min, tc.max, tc.final, tc.gflops, tc.rss, tc.runs, tc.vsBest, tc.vsSame, tc.errContain)
		}
	}
}

func TestRenderTable(t *testing.T) {
	ok := func(name string, med float64, vsBest, vsSame string) row {
		return row{Name: name, Median: med, Min: med - 0.1, Max: med + 0.25, FinalTest: 105.949, GFLOPs: 42.04, RSSMB: 84.4, VsBest: vsBest, VsSame: vsSame}
	}
	failed := row{Name: "torch-skx-t1", Median: math.NaN()}
	noRSS := ok("go-t1", 4.6334, "n/a", "n/a")
	noRSS.RSSMB = 0
	for _, tc := range []struct {
		name string
		rows []row
		best string
		want string
	}{
		{"with a reference and a failure", []row{ok("go-t1", 4.6334, "1.20x faster", "1.20x faster"), ok("torch-t1", 5.538, "reference", "reference"), failed}, "torch-t1", `
| config       | median epoch s | min–max s | vs fastest anchor (torch-t1) | vs fastest anchor, same threads | final test loss | dense GFLOP/s | peak RSS MB |
|--------------|---------------:|----------:|-----------------------------:|--------------------------------:|----------------:|--------------:|------------:|
| go-t1        |          4.633 | 4.53–4.88 |                 1.20x faster |                    1.20x faster |          105.95 |          42.0 |          84 |
| torch-t1     |          5.538 | 5.44–5.79 |                    reference |                       reference |          105.95 |          42.0 |          84 |
| torch-skx-t1 |         failed |         – |                            – |                               – |               – |             – |           – |
`},
		{"Go only, memory unknown", []row{noRSS}, "", `
| config | median epoch s | min–max s | vs fastest anchor | vs fastest anchor, same threads | final test loss | dense GFLOP/s | peak RSS MB |
|--------|---------------:|----------:|------------------:|--------------------------------:|----------------:|--------------:|------------:|
| go-t1  |          4.633 | 4.53–4.88 |               n/a |                             n/a |          105.95 |          42.0 |         n/a |
`},
	} {
		var b strings.Builder
		if err := renderTable(&b, tc.rows, tc.best); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != strings.TrimPrefix(tc.want, "\n") {
			t.Errorf("%s: table\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}
