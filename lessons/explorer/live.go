package explorer

import (
	"fmt"
	"html"
	"os"
	"os/signal"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Run shows the explorer in a GoNB notebook: one slider per axis (GoNB's
// widgets.Slider, over [−Ticks, Ticks]), a line saying whether and until
// when the sliders are live, and the decoded digit at the origin, which it
// then redraws in place (gonbui.UpdateHTML) whenever a slider moves, until
// budget has passed or the cell is interrupted (SIGINT, which GoNB sends
// when the learner interrupts the kernel). The kernel runs nothing else
// meanwhile, which the line says, with how to stop sooner.
//
// A slider is ready once the browser reports its first value. When no
// browser answers the first slider within wait (a notebook executed
// headlessly, or a program outside a notebook), Run still shows every
// slider and the starting digit, says that nothing will move them, and
// returns with interactive false. It returns an error only if the image
// cannot be made.
func Run(e *Explorer, wait, budget time.Duration) (interactive bool, err error) {
	pos := make([]int, len(e.Axes))
	sliders := make([]*widgets.SliderBuilder, len(e.Axes))
	interactive = true
	for k, a := range e.Axes {
		gonbui.DisplayHTML(fmt.Sprintf(`<span style="font-family:monospace">%s: −%g … %g</span>`, html.EscapeString(a.Name), e.Range, e.Range))
		if !interactive {
			// No browser answered the first slider. Each further widget
			// would make the kernel wait seconds for a browser too, so the
			// rest are drawn as the plain HTML a widget shows.
			gonbui.DisplayHTML(fmt.Sprintf(`<input type="range" min="%d" max="%d" value="0"/>`, -Ticks, Ticks))
			continue
		}
		sliders[k] = widgets.Slider(-Ticks, Ticks, 0)
		interactive = ready(sliders[k], wait)
	}
	statusID := "explorer_status_" + gonbui.UniqueId()
	say := func(msg string) {
		gonbui.UpdateHTML(statusID, `<div style="font-size:90%;color:#555;margin:4px 0">`+html.EscapeString(msg)+`</div>`)
	}
	end := time.Now().Add(budget)
	if interactive {
		say(status(live, budget, end, time.Now()))
	} else {
		say(status(noBrowser, budget, end, time.Now()))
	}
	id := "explorer_" + gonbui.UniqueId()
	show := func() error {
		h, err := e.HTML(pos)
		if err == nil {
			gonbui.UpdateHTML(id, h)
		}
		return err
	}
	if err := show(); err != nil || !interactive {
		return false, err
	}
	type move struct{ k, pos int }
	moves := make(chan move, 64)
	for k, s := range sliders {
		c := s.Listen()
		defer c.Close()
		go func() {
			for p := range c.C {
				moves <- move{k, p}
			}
		}()
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	defer signal.Stop(interrupt)
	tick := time.NewTicker(time.Minute) // the line counts the minutes down
	defer tick.Stop()
	stop := time.After(budget)
	for {
		select {
		case m := <-moves:
			pos[m.k] = m.pos
		drain: // draw only the latest position when moves pile up
			for {
				select {
				case m := <-moves:
					pos[m.k] = m.pos
				default:
					break drain
				}
			}
			if err := show(); err != nil {
				return true, err
			}
		case now := <-tick.C:
			say(status(live, budget, end, now))
		case <-interrupt:
			say(status(stopped, budget, end, time.Now()))
			return true, nil
		case <-stop:
			say(status(over, budget, end, time.Now()))
			return true, nil
		}
	}
}

// A state is where a slider cell is, for the line Run shows under the
// sliders.
type state int

// The states of a slider cell.
const (
	live      state = iota // the sliders redraw the digit
	noBrowser              // no browser answered: the sliders cannot move
	over                   // the budget has passed
	stopped                // the learner interrupted the cell
)

// Status is the line Run shows under the sliders in state s, for a cell
// given budget that ends at end, at time now.
func status(s state, budget time.Duration, end, now time.Time) string {
	again := " Run the cell again to explore more."
	switch s {
	case noBrowser:
		return "No browser is attached to this run (a saved copy, or a headless run): the sliders are drawn but do not move, " +
			"and the digit is the one at the origin. Run the cell in JupyterLab to drag them."
	case over:
		return fmt.Sprintf("The %v are over: the sliders no longer redraw the digit.", minutes(budget)) + again
	case stopped:
		return "Stopped: the sliders no longer redraw the digit." + again
	}
	// A duration, not a clock time: the kernel's clock may be in another
	// time zone than the learner's (a server).
	left := end.Sub(now).Round(time.Minute)
	return fmt.Sprintf("Live for another %v: drag a slider and the digit is redrawn. "+
		"The kernel runs no other cell meanwhile; to stop sooner, interrupt it (the ■ button, or Kernel › Interrupt Kernel).",
		minutes(max(left, time.Minute)))
}

// minutes writes d, a whole number of minutes, as "1 minute" or "5 minutes".
func minutes(d time.Duration) string {
	n := int(d.Round(time.Minute) / time.Minute)
	if n == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

// ready builds slider s and reports whether the browser answered within
// wait. widgets.SliderBuilder.Done displays the slider at once but then
// blocks until the browser sends the slider's first value, which never
// happens without a browser; it runs in its own goroutine so that Run
// can give up waiting (the goroutine then stays blocked until the
// program ends).
func ready(s *widgets.SliderBuilder, wait time.Duration) bool {
	done := make(chan struct{})
	go func() {
		s.Done()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(wait):
		return false
	}
}
