package vae

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckpointRoundTrip(t *testing.T) {
	for _, c := range []Config{
		{Kind: VAE, Input: 6, Hidden: 5, Latent: 3, Beta: 4},
		{Kind: AE, Input: 6, Hidden: 5, Latent: 2, Likelihood: Gaussian, Sigma: 0.2},
	} {
		m, _ := New(c, 3)
		path := filepath.Join(t.TempDir(), "m.ckpt")
		type note struct{ Epochs int }
		if err := m.Save(path, note{Epochs: 12}); err != nil {
			t.Fatal(err)
		}
		var got note
		l, err := Load(path, 1, &got)
		if err != nil {
			t.Fatal(err)
		}
		if l.String() != m.String() || got.Epochs != 12 {
			t.Errorf("loaded %v with meta %+v, saved %v with Epochs 12", l, got, m)
		}
		for i := range m.Params {
			if l.Params[i] != m.Params[i] {
				t.Fatalf("parameter %d: loaded %g, saved %g", i, l.Params[i], m.Params[i])
			}
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("checkpoint mode %v, want 0644", fi.Mode().Perm())
		}
	}
}

func TestCheckpointRejectsDamage(t *testing.T) {
	m, _ := New(Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, 3)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ckpt")
	if err := m.Save(good, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	flip := append([]byte(nil), b...)
	flip[len(flip)-20] ^= 0x40
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", b[:len(b)-9], "truncated"},
		{"bit flip", flip, "checksum"},
		{"not a checkpoint", []byte("PK\x03\x04 this is a zip file, not a model"), "not a govae checkpoint"},
		{"empty", nil, "truncated"},
		{"future version", append(append([]byte(checkpointMagic), 9, 0, 0, 0), b[12:]...), "version 9"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".ckpt")
		os.WriteFile(path, tc.data, 0o644)
		_, err := Load(path, 1, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestSaveLeavesNoTemporaryFiles(t *testing.T) {
	m, _ := New(Config{Kind: AE, Input: 4, Hidden: 3, Latent: 2}, 1)
	dir := t.TempDir()
	for range 3 {
		if err := m.Save(filepath.Join(dir, "m.ckpt"), nil); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries after saving, want only m.ckpt", len(entries))
	}
	if err := m.Save(filepath.Join(dir, "no-such-dir", "m.ckpt"), nil); err == nil {
		t.Error("saving into a missing folder gave no error")
	}
}
