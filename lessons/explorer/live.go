package explorer

import (
	"fmt"
	"html"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Run shows the explorer in a GoNB notebook: one slider per axis (GoNB's
// widgets.Slider, over [−Ticks, Ticks]) and the decoded digit at the
// origin, which it then redraws in place (gonbui.UpdateHTML) whenever a
// slider moves, until budget has passed; interrupt the cell to stop
// sooner.
//
// A slider is ready once the browser reports its first value. When no
// browser answers the first slider within wait (a notebook executed
// headlessly, or a program outside a notebook), Run still shows every
// slider and the starting digit, then returns with interactive false:
// the page keeps the sliders and the digit, but nothing will move them.
// It returns an error only if the image cannot be made.
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
		case <-stop:
			return true, nil
		}
	}
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
