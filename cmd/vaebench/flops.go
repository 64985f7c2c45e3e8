package main

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"

	"github.com/vaelab/govae/vae"
)

// layerShape is one Linear layer as the FLOP count sees it: In×Out
// weights, and whether training computes the gradient of its input (every
// layer but the first: the data needs no gradient, in PyTorch's autograd
// as in Model.Backward).
type layerShape struct {
	In, Out   int
	InputGrad bool
}

// architecture returns the layers of the VAE with the given hidden and
// latent sizes, read from a Model the library builds, so the count follows
// the code if the architecture ever changes.
func architecture(hidden, latent int) ([]layerShape, error) {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Hidden: hidden, Latent: latent, Threads: 1}, 1)
	if err != nil {
		return nil, fmt.Errorf("building the %d-%d VAE to count its FLOPs: %w", hidden, latent, err)
	}
	defer m.Close()
	var shapes []layerShape
	for _, l := range m.Layers() {
		shapes = append(shapes, layerShape{In: l.In, Out: l.Out, InputGrad: l != m.Fc1})
	}
	return shapes, nil
}

// stepFlops counts the floating-point operations of the matrix products
// of one training step on b rows: 2 (a multiply and an add) × b × In×Out
// for the forward product, the same for ∂W, and again for ∂x where it is
// computed. Bias, activation, loss and Adam work is left out: it is
// linear in the parameter or activation count, small beside the products.
func stepFlops(layers []layerShape, b int) int64 {
	var perRow int64
	for _, l := range layers {
		products := int64(2)
		if l.InputGrad {
			products = 3
		}
		perRow += products * int64(l.In) * int64(l.Out)
	}
	return 2 * int64(b) * perRow
}

// epochFlops counts the matrix-product FLOPs of one epoch over n rows in
// batches of b: n/b full steps and, if b does not divide n, one short last
// step, as both trainers take them.
func epochFlops(layers []layerShape, n, b int) int64 {
	total := int64(n/b) * stepFlops(layers, b)
	if r := n % b; r > 0 {
		total += stepFlops(layers, r)
	}
	return total
}

// gflops returns flops per epoch over seconds per epoch, in GFLOP/s.
func gflops(flopsPerEpoch int64, epochSeconds float64) float64 {
	if epochSeconds <= 0 {
		return 0
	}
	return float64(flopsPerEpoch) / epochSeconds / 1e9
}

// idxCount returns the item count from the header of a gzipped IDX file
// (big-endian magic, then the first dimension) without reading the data.
func idxCount(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("counting training digits: %w", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("counting training digits in %s: %w", path, err)
	}
	var head [2]uint32
	if err := binary.Read(z, binary.BigEndian, &head); err != nil {
		return 0, fmt.Errorf("counting training digits: reading the IDX header of %s: %w", path, err)
	}
	if head[0]>>8 != 0x08 || head[1] == 0 {
		return 0, fmt.Errorf("counting training digits: %s does not start with an IDX header of unsigned bytes (magic %#x, count %d)", path, head[0], head[1])
	}
	return int(head[1]), nil
}
