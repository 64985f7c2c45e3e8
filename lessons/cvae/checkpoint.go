package cvae

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"

	"github.com/vaelab/govae/internal/atomicfile"
	"github.com/vaelab/govae/vae"
)

// A CVAE checkpoint file is
//
//	magic   "GOCVAE01"                      8 bytes
//	hlen    uint32, little-endian           length of the JSON header
//	header  JSON of header                  hlen bytes
//	params  float32 little-endian           header.Params values
//	crc     uint32 CRC-32 (IEEE) of every byte before it
//
// vae's checkpoint format describes a vae.Model (its header has no label
// size), so this lesson keeps its own, small one.
const (
	magic      = "GOCVAE01"
	maxHeader  = 1 << 20
	prefixSize = len(magic) + 4
)

// header is what a checkpoint records: the recipe that made the model
// (which fixes its shape) and its training history.
type header struct {
	Recipe  Recipe      `json:"recipe"`
	History []vae.Epoch `json:"history"`
	Params  int         `json:"params"`
}

// ErrCheckpoint is wrapped by every error of Load about a file that exists
// but is not a checkpoint of the wanted recipe.
var ErrCheckpoint = errors.New("not a usable CVAE checkpoint")

// Save writes m, the recipe that made it and its history to path, through
// a temporary file synced and renamed over path (package
// internal/atomicfile), so a failed write never leaves half a checkpoint.
func Save(path string, m *Model, r Recipe, history []vae.Epoch) error {
	hdr, err := json.Marshal(header{Recipe: r, History: history, Params: len(m.Params)})
	if err != nil {
		return fmt.Errorf("cvae: save %s: %w", path, err)
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(hdr)))
	buf.Write(hdr)
	binary.Write(&buf, binary.LittleEndian, m.Params)
	binary.Write(&buf, binary.LittleEndian, crc32.ChecksumIEEE(buf.Bytes()))

	if err := atomicfile.Write(path, buf.Bytes()); err != nil {
		return fmt.Errorf("cvae: save %s: %w", path, err)
	}
	return nil
}

// Load reads the checkpoint at path and returns its model (with threads
// matmul workers) and training history, provided the file was written for
// recipe want. A missing file gives an error wrapping fs.ErrNotExist; a
// file that is damaged, of another format or of another recipe gives one
// wrapping ErrCheckpoint, never a model.
func Load(path string, want Recipe, threads int) (*Model, []vae.Epoch, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cvae: load: %w", err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("cvae: load %s: %w: %s", path, ErrCheckpoint, fmt.Sprintf(format, a...))
	}
	if len(b) < prefixSize+4 || string(b[:len(magic)]) != magic {
		return nil, nil, bad("it does not start with %q", magic)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, nil, bad("checksum mismatch (the file is truncated or damaged)")
	}
	hlen := int(binary.LittleEndian.Uint32(b[len(magic):prefixSize]))
	if hlen > maxHeader || prefixSize+hlen > len(body) {
		return nil, nil, bad("header of %d bytes does not fit in the file", hlen)
	}
	var h header
	if err := json.Unmarshal(body[prefixSize:prefixSize+hlen], &h); err != nil {
		return nil, nil, bad("header: %v", err)
	}
	got, _ := json.Marshal(h.Recipe)
	wanted, _ := json.Marshal(want)
	if !bytes.Equal(got, wanted) {
		return nil, nil, bad("it holds recipe %s, not %s", got, wanted)
	}
	cfg := want.Model
	cfg.Threads = threads
	m, err := New(cfg, want.Seed)
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	params := body[prefixSize+hlen:]
	if h.Params != len(m.Params) || len(params) != 4*len(m.Params) {
		return nil, nil, bad("%d parameter bytes (header says %d values), but the recipe's model has %d values", len(params), h.Params, len(m.Params))
	}
	for i := range m.Params {
		m.Params[i] = math.Float32frombits(binary.LittleEndian.Uint32(params[4*i:]))
	}
	return m, h.History, nil
}
