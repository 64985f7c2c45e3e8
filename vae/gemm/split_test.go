package gemm

import (
	"sync/atomic"
	"testing"
)

func TestSplitCoversEveryIndexOnce(t *testing.T) {
	for _, threads := range []int{1, 2, 3} {
		e := New(threads)
		for _, tc := range []struct{ n, align int }{{0, 8}, {1, 8}, {15, 8}, {16, 8}, {17, 8}, {100352, 8}, {7, 1}, {1000, 0}} {
			seen := make([]atomic.Int32, tc.n)
			e.Split(tc.n, tc.align, func(lo, hi int) {
				if tc.align > 1 && lo%tc.align != 0 {
					t.Errorf("threads %d n %d align %d: range starts at %d, not a multiple of the alignment", threads, tc.n, tc.align, lo)
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Fatalf("threads %d n %d align %d: index %d visited %d times", threads, tc.n, tc.align, i, c)
				}
			}
		}
		e.Close()
	}
}

func TestSplitDoesNotAllocate(t *testing.T) {
	e := New(2)
	defer e.Close()
	data := make([]float32, 1<<16)
	body := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			data[i]++
		}
	}
	if a := testing.AllocsPerRun(100, func() { e.Split(len(data), 8, body) }); a != 0 {
		t.Errorf("Split allocated %v times per call, want 0", a)
	}
}
