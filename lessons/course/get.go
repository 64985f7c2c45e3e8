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
	how := "trained now"
	if t.Cached {
		how = "loaded from .models/" + filepath.Base(t.Path)
	}
	fmt.Printf("%s: %v, %s", r.Name, t.Model, how)
	if n := len(t.History); n > 0 {
		e := t.History[n-1]
		fmt.Printf("; after %d epochs, test loss %.2f per digit (recon %.2f + KL %.2f)", e.Epoch, e.Test.Total, e.Test.Recon, e.Test.KL)
	}
	fmt.Println()
	return t, nil
}
