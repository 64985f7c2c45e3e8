package vae

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"math"
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
		// Values a float32 round trip through text would spoil.
		m.Params[0], m.Params[1], m.Params[2] = float32(math.Copysign(0, -1)), float32(math.Inf(-1)), math.Float32frombits(0x7fc00123)
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
			if math.Float32bits(l.Params[i]) != math.Float32bits(m.Params[i]) {
				t.Fatalf("parameter %d: loaded %g, saved %g", i, l.Params[i], m.Params[i])
			}
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("checkpoint mode %v, want 0644", fi.Mode().Perm())
		}
	}
}

// craft builds a checkpoint file around any header and parameter bytes,
// with a correct CRC, so a test can make a file that Save never would.
func craft(version uint32, header string, params []byte) []byte {
	var b bytes.Buffer
	b.WriteString(checkpointMagic)
	binary.Write(&b, binary.LittleEndian, version)
	binary.Write(&b, binary.LittleEndian, uint32(len(header)))
	b.WriteString(header)
	b.Write(params)
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

func TestCheckpointRejectsDamage(t *testing.T) {
	m, _ := New(Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, 3)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ckpt")
	if err := m.SaveTrained(good, TrainConfig{Epochs: 2}, map[string]int{"n": 1}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	hlen := int(binary.LittleEndian.Uint32(b[12:]))
	flipped := func(i int) []byte { c := bytes.Clone(b); c[i] ^= 0x40; return c }
	params := make([]byte, 4*len(m.Params))
	for _, tc := range []struct {
		name string
		data []byte
		want []string // in the message, besides the path
	}{
		{"empty", nil, []string{"truncated", "it is empty", "delete it and train again"}},
		{"cut in the prefix", b[:10], []string{"truncated", "10 bytes", "delete it"}},
		{"cut in the header", b[:prefixBytes+hlen/2], []string{"truncated", "header is"}},
		{"cut in the parameters", b[:len(b)-9], []string{"truncated", "promises 127 parameters but the file has room for 124", "delete it"}},
		{"bit flip in the parameters", flipped(len(b) - 20), []string{"corrupt", "checksum mismatch", "delete it and train again"}},
		{"bit flip in the checksum", flipped(len(b) - 1), []string{"checksum mismatch"}},
		{"bit flip in the header", flipped(prefixBytes + 1), []string{"corrupt", "checksum mismatch", "does not parse"}},
		{"bytes appended", append(bytes.Clone(b), 0, 0, 0, 0, 0), []string{"corrupt", "5 bytes follow the 127 parameters"}},
		{"a zip file", []byte("PK\x03\x04 this is a zip file, not a model"), []string{`not a govae checkpoint: it starts "PK\x03\x04 thi"`, "check the path"}},
		{"a prefix of the magic only", []byte("GOVAE"), []string{"truncated", "5 bytes"}},
		{"future version", append(append([]byte(checkpointMagic), 9, 0, 0, 0), b[12:]...), []string{"format version 9, but this library reads version 1", "update github.com/vaelab/govae"}},
		{"version 0", craft(0, "{}", nil), []string{"corrupt", "version 0"}},
		{"header length 4 GB", append(append([]byte(checkpointMagic), 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff), b[16:]...), []string{"corrupt", "header length 4294967295"}},
		{"header claims 2^40 parameters", craft(1, `{"kind":"vae","input":6,"hidden":5,"latent":3,"likelihood":"bernoulli","params":1099511627776}`, params), []string{"truncated", "promises 1099511627776 parameters but the file has room for 127"}},
		{"header claims a 2^31-wide layer", craft(1, `{"kind":"vae","input":2147483648,"hidden":2147483648,"latent":3,"likelihood":"bernoulli","params":127}`, params), []string{"corrupt", "do not fit its 127 parameters"}},
		{"header sizes disagree with the count", craft(1, `{"kind":"vae","input":6,"hidden":4,"latent":3,"likelihood":"bernoulli","params":127}`, params), []string{"corrupt", "has 104 parameters, but holds 127"}},
		{"unknown kind", craft(1, `{"kind":"gan","input":6,"hidden":5,"latent":3,"likelihood":"bernoulli","params":127}`, params), []string{"corrupt", `model kind "gan"`}},
		{"negative beta", craft(1, `{"kind":"vae","input":6,"hidden":5,"latent":3,"likelihood":"bernoulli","beta":-1,"params":127}`, params), []string{"corrupt", "impossible model", "beta", "-1"}},
		{"impossible training", craft(1, `{"kind":"vae","input":6,"hidden":5,"latent":3,"likelihood":"bernoulli","params":127,"train":{"optimizer":"rmsprop"}}`, params), []string{"corrupt", `optimizer "rmsprop"`}},
		{"header not JSON", craft(1, `kind=vae`, params), []string{"corrupt", "header does not parse"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".ckpt")
			os.WriteFile(path, tc.data, 0o644)
			_, err := Load(path, 1, nil)
			var ce *CheckpointError
			if !errors.As(err, &ce) || ce.Path != path {
				t.Fatalf("error %v, want a *CheckpointError for %s", err, path)
			}
			for _, w := range append(tc.want, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	var wrong struct{ N string }
	if _, err := Load(good, 1, &wrong); err == nil || !strings.Contains(err.Error(), "metadata does not decode") {
		t.Errorf("metadata of another type: error %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.ckpt"), 1, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}
}

func TestLoadExpect(t *testing.T) {
	dir := t.TempDir()
	small := Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}
	m, _ := New(small, 1)
	trained := filepath.Join(dir, "trained.ckpt")
	plain := filepath.Join(dir, "plain.ckpt")
	tc := TrainConfig{Epochs: 3, LR: 0.01, Seed: 7}
	if err := m.SaveTrained(trained, tc, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(plain, nil); err != nil {
		t.Fatal(err)
	}
	sgd := tc
	sgd.Optimizer, sgd.Batch = "sgd", 64
	for _, c := range []struct {
		name string
		path string
		want Expect
		errs []string // nil: loads
	}{
		{"same architecture", plain, Expect{Config: small}, nil},
		{"defaults spelled out", plain, Expect{Config: Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3, Sigma: 0.1, Beta: 1, Threads: 4}}, nil},
		{"same training", trained, Expect{Config: small, Train: &TrainConfig{Epochs: 3, LR: 0.01, Seed: 7, Batch: 128, OnStep: func(Step) {}}}, nil},
		{"other hidden", plain, Expect{Config: Config{Kind: VAE, Input: 6, Hidden: 200, Latent: 3}}, []string{"hidden 5 in file, 200 expected"}},
		{"other kind and latent", plain, Expect{Config: Config{Kind: AE, Input: 6, Hidden: 5, Latent: 2}}, []string{"kind vae in file, ae expected", "latent 3 in file, 2 expected"}},
		{"other loss", plain, Expect{Config: Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3, Likelihood: Gaussian, Beta: 4}}, []string{"likelihood bernoulli in file, gaussian expected", "beta 1 in file, 4 expected"}},
		{"other training", trained, Expect{Config: small, Train: &sgd}, []string{"batch 128 in file, 64 expected", "optimizer adam in file, sgd expected"}},
		{"no training recorded", plain, Expect{Config: small, Train: &tc}, []string{"no training settings in file"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := LoadExpect(c.path, c.want, 1, nil)
			if c.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				l.Close()
				return
			}
			var ce *CheckpointError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *CheckpointError", err)
			}
			for _, w := range append(c.errs, c.path, "holds another model than expected", "delete it and train again") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
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

// TestFailedSaveKeepsPreviousFile makes a save fail in each of its own
// steps and checks that the checkpoint already on disk is unchanged and no
// temporary file is left behind. The failures of the file operations
// themselves are tested in internal/atomicfile.
func TestFailedSaveKeepsPreviousFile(t *testing.T) {
	old, _ := New(Config{Kind: AE, Input: 4, Hidden: 3, Latent: 2}, 1)
	next, _ := New(Config{Kind: VAE, Input: 4, Hidden: 3, Latent: 2}, 2)
	for _, tc := range []struct {
		name string
		save func(t *testing.T, path string) error
		want string
	}{
		{"metadata that cannot be encoded", func(t *testing.T, path string) error { return next.Save(path, make(chan int)) }, "encoding metadata"},
		{"impossible training settings", func(t *testing.T, path string) error {
			return next.SaveTrained(path, TrainConfig{Optimizer: "rmsprop"}, nil)
		}, "rmsprop"},
		{"folder not writable", func(t *testing.T, path string) error {
			dir := filepath.Dir(path)
			os.Chmod(dir, 0o500)
			defer os.Chmod(dir, 0o755)
			if f, err := os.CreateTemp(dir, "probe"); err == nil { // root ignores the mode
				f.Close()
				os.Remove(f.Name())
				t.Skip("this user can write to a read-only folder (root)")
			}
			return next.Save(path, nil)
		}, "permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m.ckpt")
			if err := old.Save(path, nil); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			err := tc.save(t, path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the failed save changed the previous checkpoint")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d entries after the failed save, want only m.ckpt", len(entries))
			}
			if l, err := Load(path, 1, nil); err != nil || l.Config.Kind != AE {
				t.Errorf("previous checkpoint no longer loads as the AE it was: %v, %v", l, err)
			}
		})
	}
}

// TestCheckpointContainer checks WriteCheckpoint and ReadCheckpoint with a
// header of another model's kind: a round trip keeps the header and every
// parameter bit, the parameter count is added to the header, a count that
// disagrees is refused, and a damaged file is a *CheckpointError.
func TestCheckpointContainer(t *testing.T) {
	type header struct {
		Recipe  string `json:"recipe"`
		History []int  `json:"history"`
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "other.ckpt")
	params := []float32{1.5, float32(math.Copysign(0, -1)), math.Float32frombits(0x7fc00123)}
	if err := WriteCheckpoint(path, header{"cvae10", []int{1, 2}}, params); err != nil {
		t.Fatal(err)
	}
	var h header
	got, err := ReadCheckpoint(path, &h)
	if err != nil {
		t.Fatal(err)
	}
	if h.Recipe != "cvae10" || len(h.History) != 2 || len(got) != len(params) {
		t.Fatalf("read header %+v and %d parameters, wrote cvae10 [1 2] and %d", h, len(got), len(params))
	}
	for i := range params {
		if math.Float32bits(got[i]) != math.Float32bits(params[i]) {
			t.Fatalf("parameter %d: read %g, wrote %g", i, got[i], params[i])
		}
	}
	var count struct{ Params int }
	if _, err := ReadCheckpoint(path, &count); err != nil || count.Params != 3 {
		t.Errorf("the header's parameter count is %d (err %v), want 3", count.Params, err)
	}
	if err := WriteCheckpoint(filepath.Join(dir, "bad.ckpt"), map[string]int{"params": 2}, params); err == nil {
		t.Error("a header that says 2 parameters was written with 3")
	}
	if err := WriteCheckpoint(filepath.Join(dir, "bad.ckpt"), []int{1}, params); err == nil {
		t.Error("a header that is not a JSON object was written")
	}
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-3], 0o644)
	var ce *CheckpointError
	if _, err := ReadCheckpoint(path, &h); !errors.As(err, &ce) || ce.Path != path {
		t.Errorf("a truncated file gave %v, want a *CheckpointError naming it", err)
	}
	// A Model's checkpoint is the same container.
	m, _ := New(Config{Kind: VAE, Input: 4, Hidden: 3, Latent: 2}, 1)
	defer m.Close()
	mp := filepath.Join(dir, "m.ckpt")
	if err := m.Save(mp, nil); err != nil {
		t.Fatal(err)
	}
	if p, err := ReadCheckpoint(mp, nil); err != nil || len(p) != len(m.Params) {
		t.Errorf("ReadCheckpoint of a Model's file: %d parameters (err %v), want %d", len(p), err, len(m.Params))
	}
}

// TestCheckpointKeepsALongHistory saves a model with the per-epoch record
// of a run of 20,000 epochs (3 MB of JSON, as vaetrain keeps it), which
// once exceeded the header's limit and stopped training at the save, and
// reads it back whole.
func TestCheckpointKeepsALongHistory(t *testing.T) {
	type line struct {
		Epoch                  int
		Train, Test, Recon, KL float64
		EpochS                 float64
	}
	var meta struct{ History []line }
	for e := range 20000 {
		meta.History = append(meta.History, line{e + 1, 105.123456789, 106.987654321, 80.1234567, 25.7654321, 1.234})
	}
	m, _ := New(Config{Kind: VAE, Hidden: 8, Latent: 2}, 1)
	defer m.Close()
	path := filepath.Join(t.TempDir(), "long.ckpt")
	if err := m.Save(path, meta); err != nil {
		t.Fatal(err)
	}
	var back struct{ History []line }
	got, err := Load(path, 1, &back)
	if err != nil {
		t.Fatal(err)
	}
	got.Close()
	if len(back.History) != 20000 || back.History[19999] != meta.History[19999] {
		t.Errorf("read back %d epochs, want all 20000", len(back.History))
	}
}
