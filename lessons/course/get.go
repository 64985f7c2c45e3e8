package course

import (
	"fmt"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/vae"
)

// Get is how a notebook cell obtains the model of recipe r: it loads the
// recipe's data and returns the model from its checkpoint in ModelDir, or
// trains it there and then, showing live progress in the notebook
// (gonbui.UpdateHTML; nothing is shown outside a notebook). It prints one
// line saying which happened and the final test loss.
func Get(r Recipe) (*Trained, error) {
	if err := r.Validate(); err != nil { // before minutes of loading data
		return nil, err
	}
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
	fmt.Println(Summary(r, t)) // one write, so the line is never split among outputs
	return t, nil
}

// Summary is the line Get prints for the model t of recipe r: whether it
// was trained now or loaded (and why a cached file was replaced), and its
// final test loss with its terms.
func Summary(r Recipe, t *Trained) string {
	beta := 1.0
	if c := t.Model.Config; c.Kind == vae.VAE {
		beta = c.Beta
	}
	return Line(r.Name, t.Model, t.Cached, t.Replaced, t.Path, t.History, beta)
}

// Line is the line a lesson's Get prints for the model named name: trained
// now, or loaded from the checkpoint at path (after the reason a cached
// file was replaced, if one was), and the last epoch's test loss with its
// terms, recon + β·KL (β 1 for the ELBO, shown when it is not).
func Line(name string, model any, cached bool, replaced, path string, history []vae.Epoch, beta float64) string {
	line := fmt.Sprintf("%s: %v, trained now", name, model)
	if replaced != "" {
		line = replaced + "\n" + line
	}
	if cached {
		line = fmt.Sprintf("%s: %v, loaded from .models/%s", name, model, filepath.Base(path))
	}
	if n := len(history); n > 0 {
		e := history[n-1]
		terms := fmt.Sprintf("recon %.2f + KL %.2f", e.Test.Recon, e.Test.KL)
		if beta != 1 {
			// The loss is recon + β·KL: say so, so the numbers add up.
			terms = fmt.Sprintf("recon %.2f + %g × KL %.2f", e.Test.Recon, beta, e.Test.KL)
		}
		line += fmt.Sprintf("; after %d epochs, test loss %.2f per digit (%s)", e.Epoch, e.Test.Total, terms)
	}
	return line
}
