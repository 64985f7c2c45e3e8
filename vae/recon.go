package vae

import "github.com/vaelab/govae/vae/vec"

// bernoulliRecon is BCEForward and BCEBackward of the model's logits in
// one pass (vec.BCE: both need e^(−|l|), computed once), split by rows
// over the matmul workers. It writes dlogits, so Backward starts from
// them, and each row's loss into reconRow; the total is summed in row
// order afterwards, so it does not depend on the thread count.
func (m *Model) bernoulliRecon() float64 {
	a := &m.acts
	m.engine.Split(a.logits.Rows, 1, m.reconJob)
	var total float64
	for _, r := range a.reconRow {
		total += r
	}
	a.dlogitsReady = true
	return total
}

// bernoulliRows is bernoulliRecon's work on rows [lo, hi).
func (m *Model) bernoulliRows(lo, hi int) {
	a := &m.acts
	for i := lo; i < hi; i++ {
		a.reconRow[i] = vec.BCE(a.dlogits.Row(i), a.logits.Row(i), a.target.Row(i))
	}
}
