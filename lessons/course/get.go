package course

import (
	"fmt"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
)

// Get is how a notebook cell obtains the model of recipe r: it loads the
// recipe's data and returns the model from its checkpoint in ModelDir, or
// trains it there and then, showing live progress in the notebook
// (gonbui.UpdateHTML; nothing is shown outside a notebook). It prints one
// line saying which happened and the final test loss.
func Get(r Recipe) (*Trained, error) {
	train, test, err := Data(r.Data)
	if err != nil {
		return nil, err
	}
	dir, err := ModelDir()
	if err != nil {
		return nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &Live{Title: "training " + r.Name, Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	t, err := TrainOrLoad(dir, r, train, test, live.Step, live.Epoch)
	if err != nil {
		return nil, err
	}
	line := fmt.Sprintf("%s: %v, trained now", r.Name, t.Model)
	if t.Replaced != "" {
		line = t.Replaced + "\n" + line
	}
	if t.Cached {
		line = fmt.Sprintf("%s: %v, loaded from .models/%s", r.Name, t.Model, filepath.Base(t.Path))
	}
	if n := len(t.History); n > 0 {
		e := t.History[n-1]
		line += fmt.Sprintf("; after %d epochs, test loss %.2f per digit (recon %.2f + KL %.2f)", e.Epoch, e.Test.Total, e.Test.Recon, e.Test.KL)
	}
	fmt.Println(line) // one write, so the line is never split among outputs
	return t, nil
}
