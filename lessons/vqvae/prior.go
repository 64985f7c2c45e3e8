package vqvae

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Prior is a simple learned prior over grids of codes, fitted after the
// VQ-VAE by counting: each code is drawn given the code above it and the
// code to its left (none at the edges), in reading order,
//
//	p(c) = Π_{i,j} p(c_ij | c_{i−1,j}, c_{i,j−1}),
//
// each factor the smoothed frequency of the training codes,
//
//	p(c | up, left) = (n(up, left, c) + α) / (n(up, left) + K·α).
//
// It is a two-neighbour Markov field, far from the PixelCNN of the paper,
// but it knows which codes sit next to which, which the uniform prior does
// not.
type Prior struct {
	K     int
	Alpha float64 // the pseudo-count added to every code (add-α smoothing)
	// Smooth turns a context's counts into probabilities; nil means
	// Smoothed (a notebook sets the learner's own).
	Smooth func(counts []int, alpha float64) []float64

	counts []int // (K+1)·(K+1)·K: n(up, left, c), with K standing for "none"
}

// FitPrior counts the codes of grids (each P codes in 0 … K−1), with
// pseudo-count alpha > 0. It returns an error on a grid of another length,
// a code out of range or alpha ≤ 0.
func FitPrior(grids [][]int32, k int, alpha float64) (*Prior, error) {
	if k < 1 || !(alpha > 0) {
		return nil, fmt.Errorf("vqvae: FitPrior: %d codes and α = %g: want at least 1 code and α > 0", k, alpha)
	}
	p := &Prior{K: k, Alpha: alpha, counts: make([]int, (k+1)*(k+1)*k)}
	for g, grid := range grids {
		if len(grid) != Positions {
			return nil, fmt.Errorf("vqvae: FitPrior: grid %d has %d codes, want %d", g, len(grid), Positions)
		}
		for i := range Positions {
			if grid[i] < 0 || int(grid[i]) >= k {
				return nil, fmt.Errorf("vqvae: FitPrior: grid %d has code %d, outside 0 … %d", g, grid[i], k-1)
			}
			p.counts[p.context(grid, i)*k+int(grid[i])]++
		}
	}
	return p, nil
}

// context returns the index of the (up, left) pair of position i of grid,
// K standing for no neighbour at the top or left edge.
func (p *Prior) context(grid []int32, i int) int {
	up, left := p.K, p.K
	if i >= Grid {
		up = int(grid[i-Grid])
	}
	if i%Grid > 0 {
		left = int(grid[i-1])
	}
	return up*(p.K+1) + left
}

// Probs returns p(c | up, left) for every code c, at position i of grid
// (only its codes before i are read), from the counts of that context.
func (p *Prior) Probs(grid []int32, i int) []float64 {
	ctx := p.context(grid, i)
	smooth := p.Smooth
	if smooth == nil {
		smooth = Smoothed
	}
	return smooth(p.counts[ctx*p.K:(ctx+1)*p.K], p.Alpha)
}

// Smoothed returns (n_c + α) / (Σn + K·α) for every count n_c of counts:
// frequencies with α added to every count, so no code has probability 0
// (notebook 11, exercise 3).
func Smoothed(counts []int, alpha float64) []float64 {
	total := 0
	for _, n := range counts {
		total += n
	}
	out := make([]float64, len(counts))
	for c, n := range counts {
		out[c] = (float64(n) + alpha) / (float64(total) + float64(len(counts))*alpha)
	}
	return out
}

// NLL returns −log p(grid) in nats: the KL term of the bound when this is
// the prior, since the encoder's q(c|x) puts all its mass on one grid.
func (p *Prior) NLL(grid []int32) float64 {
	var s float64
	for i := range Positions {
		s -= math.Log(p.Probs(grid, i)[grid[i]])
	}
	return s
}

// Sample draws n grids from the prior, each code in reading order given
// the codes already drawn above and to its left.
func (p *Prior) Sample(n int, rng *rand.Rand) [][]int32 {
	out := make([][]int32, n)
	for g := range out {
		grid := make([]int32, Positions)
		for i := range grid {
			u, c := rng.Float64(), 0
			for probs := p.Probs(grid, i); c < p.K-1 && u >= probs[c]; c++ {
				u -= probs[c]
			}
			grid[i] = int32(c)
		}
		out[g] = grid
	}
	return out
}
