package vae

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"runtime"
	"testing"
)

// FuzzLoadCheckpoint feeds arbitrary bytes to the checkpoint decoder. The
// seed corpus in testdata/fuzz/FuzzLoadCheckpoint holds small checkpoints
// written by Save and SaveTrained and damaged copies of them. Properties:
//   - it never panics;
//   - every rejection is a *CheckpointError that says what is wrong and
//     what to do;
//   - it never allocates much more than the input's size, whatever the
//     header claims;
//   - whatever it accepts, written again and read back, gives the same
//     architecture, training settings, metadata and parameter bits.
func FuzzLoadCheckpoint(f *testing.F) {
	m, _ := New(Config{Kind: VAE, Input: 3, Hidden: 2, Latent: 1}, 1)
	var b bytes.Buffer
	m.write(&b, &TrainConfig{Epochs: 1}, map[string]int{"n": 1})
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b)
		// Mutations almost always break the CRC, which stops decoding
		// early; the same bytes with a correct CRC reach the header checks.
		if len(b) >= 4 {
			fixed := bytes.Clone(b)
			binary.LittleEndian.PutUint32(fixed[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
			checkDecode(t, fixed)
		}
	})
}

// checkDecode checks FuzzLoadCheckpoint's properties on one input.
func checkDecode(t *testing.T, b []byte) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ck, err := parseCheckpoint(b)
	var m *Model
	if err == nil {
		m, err = ck.model(1, nil)
	}
	runtime.ReadMemStats(&after)
	// Parameters and gradients are 2×4 bytes per 4-byte parameter in
	// the file; the matmul engine adds a fixed half megabyte.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(8*len(b))+4<<20 {
		t.Fatalf("decoding %d bytes allocated %d bytes", len(b), grew)
	}
	if err != nil {
		var ce *CheckpointError
		if !errors.As(err, &ce) || ce.Problem == "" || ce.Fix == "" {
			t.Fatalf("rejection %v is not a *CheckpointError with a problem and a fix", err)
		}
		return
	}
	defer m.Close()
	var meta any
	if len(ck.h.Meta) > 0 {
		meta = ck.h.Meta
	}
	var again bytes.Buffer
	if err := m.write(&again, ck.h.Train, meta); err != nil {
		t.Fatalf("writing back an accepted checkpoint: %v", err)
	}
	ck2, err := parseCheckpoint(again.Bytes())
	if err != nil {
		t.Fatalf("reading back an accepted checkpoint: %v", err)
	}
	if ck2.config.withDefaults() != ck.config.withDefaults() {
		t.Errorf("config %+v read back as %+v", ck.config, ck2.config)
	}
	if (ck.h.Train == nil) != (ck2.h.Train == nil) || ck.h.Train != nil && !sameTraining(*ck.h.Train, *ck2.h.Train) {
		t.Errorf("training %+v read back as %+v", ck.h.Train, ck2.h.Train)
	}
	var want bytes.Buffer
	json.Compact(&want, ck.h.Meta)
	if !bytes.Equal(want.Bytes(), ck2.h.Meta) {
		t.Errorf("metadata %s read back as %s", ck.h.Meta, ck2.h.Meta)
	}
	if !bytes.Equal(ck.params, ck2.params) {
		t.Error("parameter bytes differ after a round trip")
	}
	for i, p := range m.Params {
		if math.Float32bits(p) != uint32(ck.params[4*i])|uint32(ck.params[4*i+1])<<8|uint32(ck.params[4*i+2])<<16|uint32(ck.params[4*i+3])<<24 {
			t.Fatalf("parameter %d is %g, not the file's bits", i, p)
		}
	}
}

// sameTraining compares the recorded fields of two TrainConfigs (the
// callbacks make the struct itself incomparable).
func sameTraining(a, b TrainConfig) bool {
	return a.Epochs == b.Epochs && a.Batch == b.Batch && a.LR == b.LR && a.Optimizer == b.Optimizer && a.Seed == b.Seed
}
