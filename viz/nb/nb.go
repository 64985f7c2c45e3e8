// Package nb shows viz charts in a Jupyter notebook run by GoNB. It is
// kept apart from viz so that viz does not depend on GoNB.
//
// A display cell is one line:
//
//	%%
//	nb.Display(viz.Samples("Samples from the prior", images, 10))
//
// Outside a notebook (when GoNB's GONB_PIPE is unset) the functions
// render the chart but display nothing, so code that uses them also runs
// in tests and programs.
package nb

import (
	"fmt"
	"html"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"

	"github.com/vaelab/govae/viz"
)

// Show displays d as a PNG at its natural size (see viz.Sizer; a
// *plot.Plot is viz.DefaultWidth × viz.DefaultHeight). PNG keeps its
// look when a notebook is saved with its outputs. It returns any error
// of rendering.
func Show(d viz.Drawer) error {
	return ShowSize(d, 0, 0)
}

// ShowSize displays d as a PNG of w × h (0 as for viz.PNG).
func ShowSize(d viz.Drawer, w, h vg.Length) error {
	b, err := viz.PNG(d, w, h)
	if err != nil {
		return err
	}
	gonbui.DisplayPng(b)
	return nil
}

// ShowSVG displays d as SVG at its natural size, which stays sharp when
// zoomed. GoNB sends it wrapped in HTML.
func ShowSVG(d viz.Drawer) error {
	b, err := viz.SVG(d, 0, 0)
	if err != nil {
		return err
	}
	gonbui.DisplaySvg(string(b))
	return nil
}

// Display shows the chart that a viz constructor returned, or its error
// in red, so that a cell can pass the constructor's two results straight
// in: nb.Display(viz.KLBars("KL", kl, 0.01)). It returns the error it
// showed, if any.
func Display(d viz.Drawer, err error) error {
	if err == nil {
		err = Show(d)
	}
	if err != nil {
		gonbui.DisplayHtml(fmt.Sprintf(`<pre style="color:#D55E00">%s</pre>`, html.EscapeString(err.Error())))
	}
	return err
}
