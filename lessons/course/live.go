package course

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/vaelab/govae/vae"
)

// Live turns training callbacks into an HTML block that a notebook
// updates in place (gonbui.UpdateHTML): a progress bar for the current
// epoch and one line per finished epoch. It redraws at most every
// Interval, and always at the end of an epoch.
type Live struct {
	Title    string            // shown above the bar, e.g. "VAE 784-400-20"
	Show     func(html string) // receives each redraw
	Interval time.Duration     // minimum time between redraws [200ms]
	epochs   []string
	last     time.Time
}

// Step implements the TrainConfig.OnStep callback.
func (l *Live) Step(s vae.Step) {
	iv := l.Interval
	if iv == 0 {
		iv = 200 * time.Millisecond
	}
	if time.Since(l.last) < iv && s.Step != s.Steps {
		return
	}
	l.last = time.Now()
	l.Show(l.render(fmt.Sprintf("epoch %d: step %d/%d, loss %.1f", s.Epoch, s.Step, s.Steps, s.Loss.Total), float64(s.Step)/float64(s.Steps)))
}

// Epoch implements the TrainConfig.OnEpoch callback.
func (l *Live) Epoch(e vae.Epoch) {
	l.epochs = append(l.epochs, fmt.Sprintf("epoch %2d  train %.2f  test %.2f (recon %.2f + KL %.2f)  %.2fs",
		e.Epoch, e.Train.Total, e.Test.Total, e.Test.Recon, e.Test.KL, e.Seconds))
	l.Show(l.render("", 1))
}

// render draws the block; frac is the fraction of the epoch done.
func (l *Live) render(status string, frac float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="font-family:monospace"><b>%s</b>`, html.EscapeString(l.Title))
	if status != "" {
		fmt.Fprintf(&b, `<div style="width:300px;height:8px;background:#ddd;margin:4px 0">`+
			`<div style="width:%.0f%%;height:8px;background:#0072B2"></div></div>%s`, 100*frac, html.EscapeString(status))
	}
	for _, e := range l.epochs {
		fmt.Fprintf(&b, "<br>%s", html.EscapeString(e))
	}
	b.WriteString("</div>")
	return b.String()
}
