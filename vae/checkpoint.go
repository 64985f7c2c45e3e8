package vae

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
)

// A checkpoint file is
//
//	magic   "GOVAECKP"                      8 bytes
//	version uint32, little-endian           currently 1
//	hlen    uint32                          length of the JSON header
//	header  JSON of checkpointHeader        hlen bytes
//	params  float32 little-endian           header.Params values
//	crc     uint32 CRC-32 (IEEE) of every byte before it
const (
	checkpointMagic   = "GOVAECKP"
	checkpointVersion = 1
	maxHeaderBytes    = 1 << 20
)

// checkpointHeader records what is needed to rebuild the model, and what
// it was trained with, for the reader.
type checkpointHeader struct {
	Kind       string          `json:"kind"`
	Input      int             `json:"input"`
	Hidden     int             `json:"hidden"`
	Latent     int             `json:"latent"`
	Likelihood string          `json:"likelihood"`
	Sigma      float64         `json:"sigma"`
	Beta       float64         `json:"beta"`
	Params     int             `json:"params"`
	Meta       json.RawMessage `json:"meta,omitempty"`
}

// Save writes the model to path atomically: to a temporary file in the
// same folder, synced, then renamed over path, so a crash leaves either the
// old file or the new one, never half of one. meta, if not nil, is stored
// as JSON beside the architecture (training settings, history).
func (m *Model) Save(path string, meta any) error {
	var buf bytes.Buffer
	if err := m.write(&buf, meta); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	return nil
}

func (m *Model) write(w io.Writer, meta any) error {
	c := m.Config
	h := checkpointHeader{Kind: c.Kind.String(), Input: c.Input, Hidden: c.Hidden, Latent: c.Latent,
		Likelihood: c.Likelihood.String(), Sigma: c.Sigma, Beta: c.Beta, Params: len(m.Params)}
	if meta != nil {
		raw, err := json.Marshal(meta)
		if err != nil {
			return fmt.Errorf("encoding metadata: %w", err)
		}
		h.Meta = raw
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	out := io.MultiWriter(w, crc)
	out.Write([]byte(checkpointMagic))
	binary.Write(out, binary.LittleEndian, uint32(checkpointVersion))
	binary.Write(out, binary.LittleEndian, uint32(len(hb)))
	out.Write(hb)
	raw := make([]byte, 4*len(m.Params))
	for i, p := range m.Params {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(p))
	}
	out.Write(raw)
	return binary.Write(w, binary.LittleEndian, crc.Sum32())
}

// Load reads a model saved by Save. threads sets the matmul threads of the
// loaded model (0 for GOMAXPROCS). meta, if not nil, receives the stored
// metadata (json.Unmarshal). Errors name the file and what is wrong with it.
func Load(path string, threads int, meta any) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vae: load checkpoint: %w", err)
	}
	m, err := decodeCheckpoint(b, threads, meta)
	if err != nil {
		return nil, fmt.Errorf("vae: load checkpoint %s: %w", path, err)
	}
	return m, nil
}

var errTruncated = errors.New("file is truncated: it was not written completely; train again or restore a copy")

func decodeCheckpoint(b []byte, threads int, meta any) (*Model, error) {
	if len(b) < len(checkpointMagic)+12 {
		return nil, errTruncated
	}
	if string(b[:8]) != checkpointMagic {
		return nil, fmt.Errorf("not a govae checkpoint (starts %q, want %q)", b[:min(8, len(b))], checkpointMagic)
	}
	if v := binary.LittleEndian.Uint32(b[8:]); v != checkpointVersion {
		return nil, fmt.Errorf("checkpoint format version %d; this library reads version %d", v, checkpointVersion)
	}
	hlen := int(binary.LittleEndian.Uint32(b[12:]))
	if hlen > maxHeaderBytes || 16+hlen > len(b) {
		return nil, errTruncated
	}
	var h checkpointHeader
	if err := json.Unmarshal(b[16:16+hlen], &h); err != nil {
		return nil, fmt.Errorf("corrupt header: %w", err)
	}
	body := 16 + hlen + 4*h.Params
	if h.Params < 0 || body+4 != len(b) {
		if h.Params >= 0 && body+4 > len(b) {
			return nil, errTruncated
		}
		return nil, fmt.Errorf("size %d bytes does not match the header (%d parameters): the file is corrupt", len(b), h.Params)
	}
	if got, want := crc32.ChecksumIEEE(b[:body]), binary.LittleEndian.Uint32(b[body:]); got != want {
		return nil, fmt.Errorf("checksum mismatch (stored %08x, computed %08x): the file is corrupt; train again or restore a copy", want, got)
	}
	kind, err := ParseKind(h.Kind)
	if err != nil {
		return nil, err
	}
	lik, err := ParseLikelihood(h.Likelihood)
	if err != nil {
		return nil, err
	}
	c := Config{Kind: kind, Input: h.Input, Hidden: h.Hidden, Latent: h.Latent, Likelihood: lik, Sigma: h.Sigma, Beta: h.Beta, Threads: threads}
	if c.Input <= 0 || c.Hidden <= 0 || c.Latent <= 0 {
		return nil, fmt.Errorf("header has sizes input %d, hidden %d, latent %d: the file is corrupt", c.Input, c.Hidden, c.Latent)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if n := paramCount(c); n != h.Params {
		return nil, fmt.Errorf("header describes %v (%d parameters) but holds %d", c.Kind, n, h.Params)
	}
	m, err := New(c, 0)
	if err != nil {
		return nil, err
	}
	for i := range m.Params {
		m.Params[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[16+hlen+4*i:]))
	}
	if meta != nil && len(h.Meta) > 0 {
		if err := json.Unmarshal(h.Meta, meta); err != nil {
			return nil, fmt.Errorf("metadata: %w", err)
		}
	}
	return m, nil
}
