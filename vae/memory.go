package vae

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// assumedMemory is what memory checks allow where /proc/meminfo cannot be
// read (not Linux, or a sandbox): 16 GiB, a typical laptop's memory.
const assumedMemory = 16 << 30

// perThreadBytes is an upper bound on a matmul thread's packing space
// (gemm's scratch: 256×512 floats of packed B plus small tiles, ~0.5 MiB),
// with room for its goroutine.
const perThreadBytes = 640 << 10

// availableMemory returns the bytes a model may use, and where that figure
// comes from: the machine's available memory, or less when the process is
// held to less (processLimits: ulimit -v, a container's memory limit), since
// going past a limit kills the run with "fatal error: out of memory". It is a
// variable so tests can pretend to have less memory.
var availableMemory = func() (int64, string) {
	have, from := int64(assumedMemory), "the amount assumed where /proc/meminfo cannot be read"
	if kb, err := memAvailableKiB("/proc/meminfo"); err == nil {
		have, from = kb<<10, "MemAvailable in /proc/meminfo"
	}
	for _, l := range processLimits() {
		if l.room < have {
			have, from = l.room, l.from
		}
	}
	return have, from
}

// A limit is room left under one of the limits a process is held to.
type limit struct {
	room int64  // bytes still free under it
	from string // what it is, for messages
}

// memAvailableKiB reads the MemAvailable line of a meminfo file.
func memAvailableKiB(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "MemAvailable" {
			continue
		}
		return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s has no MemAvailable line", path)
}

// modelBytes estimates what New allocates for config c (defaults filled
// in, sizes validated): parameters and gradients, and the matmul threads'
// packing space.
func modelBytes(c Config) int64 {
	threads := int64(c.Threads)
	if threads == 0 {
		threads = int64(runtime.GOMAXPROCS(0))
	}
	return 2*4*int64(paramCount(c)) + threads*perThreadBytes
}

// trainBytes estimates what training a model with config c takes when its
// largest batch has rows rows: the model (modelBytes), Adam's two moments,
// and per row the activations and their gradients (Model.ensure: 4 of H
// columns, 8 of Z, 2 of D), the batch being read and its corrupted copy
// (2 of D), and two float64 row losses.
func trainBytes(c Config, optimizer string, rows int) int64 {
	n := modelBytes(c)
	if optimizer != "sgd" {
		n += 2 * 4 * int64(paramCount(c))
	}
	perRow := 4*int64(4*c.Hidden+8*c.Latent+4*c.Input) + 16
	return n + int64(rows)*perRow
}

// checkMemory returns an error if need bytes (for what) are more than the
// memory available, saying how much it would take and what to change.
func checkMemory(need int64, what, fix string) error {
	have, from := availableMemory()
	if need <= have {
		return nil
	}
	return fmt.Errorf("%s needs about %s but %s is available (%s): %s", what, size(need), size(have), from, fix)
}

// size formats a byte count in GiB, or in MiB below 1 GiB.
func size(n int64) string {
	if n < 1<<30 {
		return fmt.Sprintf("%d MiB", (n+1<<20-1)>>20)
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
