package vae

import (
	"math/rand/v2"
	"testing"
)

func TestForwardIsForwardTargetOfItself(t *testing.T) {
	m, err := New(Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, 5)
	if err != nil {
		t.Fatal(err)
	}
	x := uniformMat(newRNG(6), 4, 6, 0, 1)
	a := m.Forward(x, newRNG(1))
	b := m.ForwardTarget(x, x, m.Config.Beta, newRNG(1))
	c := m.ForwardTarget(x, x.Clone(), m.Config.Beta, newRNG(1))
	if a != b || a != c {
		t.Errorf("Forward %+v, ForwardTarget(x, x) %+v, ForwardTarget(x, copy of x) %+v: want equal", a, b, c)
	}
}

func TestBinarizeMakesCoins(t *testing.T) {
	x := NewMat(1, 20000)
	for i := range x.Data {
		x.Data[i] = 0.25
	}
	x.Data[0], x.Data[1] = 0, 1
	Binarize(x, rand.New(rand.NewPCG(1, 2)))
	if x.Data[0] != 0 || x.Data[1] != 1 {
		t.Errorf("binarize turned 0 into %v and 1 into %v", x.Data[0], x.Data[1])
	}
	ones := 0
	for _, v := range x.Data[2:] {
		switch v {
		case 1:
			ones++
		case 0:
		default:
			t.Fatalf("binarize left %v, want 0 or 1", v)
		}
	}
	// 19998 coins with p = 0.25: mean 4999.5, s.d. 61.2; 4 s.d. is 245.
	if ones < 4999-245 || ones > 5000+245 {
		t.Errorf("%d ones of 19998 coins with p = 0.25, want 4999.5 ± 245", ones)
	}
}
