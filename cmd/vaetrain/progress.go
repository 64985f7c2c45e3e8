package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vaelab/govae/vae"
)

// progress draws a one-line progress bar, redrawn at most every 100 ms.
type progress struct {
	w     io.Writer
	quiet bool
	last  time.Time
}

func newProgress(w io.Writer, quiet bool) *progress { return &progress{w: w, quiet: quiet} }

func (p *progress) step(s vae.Step) {
	if p.quiet || (time.Since(p.last) < 100*time.Millisecond && s.Step != s.Steps) {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := width * s.Step / s.Steps
	fmt.Fprintf(p.w, "\repoch %d [%s%s] %d/%d loss %.2f", s.Epoch, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), s.Step, s.Steps, s.Loss.Total)
}

func (p *progress) done() {
	if !p.quiet {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
