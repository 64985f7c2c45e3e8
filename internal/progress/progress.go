// Package progress draws a one-line progress bar on a terminal, for the
// commands that train (cmd/vaetrain, cmd/vaetable): a training epoch's
// steps, or any count of work done.
package progress

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vaelab/govae/vae"
)

// Bar is a one-line progress bar, redrawn in place at most every 100 ms
// and always at the end. A quiet Bar draws nothing.
type Bar struct {
	w     io.Writer
	quiet bool
	last  time.Time
}

// New returns a Bar drawing on w, or drawing nothing if quiet.
func New(w io.Writer, quiet bool) *Bar { return &Bar{w: w, quiet: quiet} }

// Step draws a training step (vae.TrainConfig.OnStep): the epoch, its
// steps done and the batch's loss per digit.
func (p *Bar) Step(s vae.Step) {
	if p.skip(s.Step, s.Steps) {
		return
	}
	fmt.Fprintf(p.w, "\repoch %d %s %d/%d loss %.2f", s.Epoch, bar(s.Step, s.Steps), s.Step, s.Steps, s.Loss.Total)
}

// Count draws done of total units of the work named what.
func (p *Bar) Count(what string, done, total int) {
	if p.skip(done, total) {
		return
	}
	fmt.Fprintf(p.w, "\r%s %s %d/%d", what, bar(done, total), done, total)
}

// Done clears the line, so what is printed next starts on a clean one.
func (p *Bar) Done() {
	if !p.quiet {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// skip reports whether to leave the bar as it is: quiet, or redrawn less
// than 100 ms ago and not at the end.
func (p *Bar) skip(done, total int) bool {
	if p.quiet || (time.Since(p.last) < 100*time.Millisecond && done != total) {
		return true
	}
	p.last = time.Now()
	return false
}

// bar is [====    ], done of total filled.
func bar(done, total int) string {
	const width = 30
	filled := 0
	if total > 0 {
		filled = min(width*done/total, width)
	}
	return "[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "]"
}
