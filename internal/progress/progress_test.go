package progress

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestBar(t *testing.T) {
	var b bytes.Buffer
	p := New(&b, false)
	p.Step(vae.Step{Epoch: 2, Step: 1, Steps: 3, Loss: vae.Loss{Total: 101.5}})
	p.Step(vae.Step{Epoch: 2, Step: 2, Steps: 3}) // within 100 ms: not drawn
	p.Step(vae.Step{Epoch: 2, Step: 3, Steps: 3, Loss: vae.Loss{Total: 99}})
	p.Count("NLL", 5, 10)
	p.Done()
	got := b.String()
	for _, want := range []string{
		"\repoch 2 [==========                    ] 1/3 loss 101.50",
		"\repoch 2 [==============================] 3/3 loss 99.00",
		"\r\033[K",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "2/3") || strings.Contains(got, "NLL") {
		t.Errorf("output %q redrew within 100 ms before the end", got)
	}
	b.Reset()
	q := New(&b, true)
	q.Step(vae.Step{Epoch: 1, Step: 1, Steps: 1})
	q.Count("x", 1, 1)
	q.Done()
	if b.Len() != 0 {
		t.Errorf("a quiet bar drew %q", b.String())
	}
}
