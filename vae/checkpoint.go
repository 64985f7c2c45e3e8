package vae

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strings"

	"github.com/vaelab/govae/internal/atomicfile"
)

// A checkpoint file is
//
//	magic   "GOVAECKP"                      8 bytes
//	version uint32, little-endian           currently 1
//	hlen    uint32                          length of the JSON header
//	header  JSON of checkpointHeader        hlen bytes
//	params  float32 little-endian           header.Params values
//	crc     uint32 CRC-32 (IEEE) of every byte before it
//
// The header's "train" object is optional (absent in files written by
// Save), so files with and without it share version 1.
const (
	checkpointMagic   = "GOVAECKP"
	checkpointVersion = 1
	// maxHeaderBytes bounds the JSON header, metadata included: room for
	// the per-epoch history of a run of a few hundred thousand epochs,
	// while a damaged length field cannot make a reader allocate more.
	maxHeaderBytes = 64 << 20
	prefixBytes    = len(checkpointMagic) + 8 // magic, version, hlen
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
	Train      *TrainConfig    `json:"train,omitempty"`
	Meta       json.RawMessage `json:"meta,omitempty"`
}

// Save writes the model to path atomically (package internal/atomicfile):
// to a temporary file in the same folder, synced, then renamed over path,
// so a crash or a failed write leaves either the old file or the new one,
// never half of one. meta, if not nil, is stored as JSON beside the
// architecture (training settings, history).
func (m *Model) Save(path string, meta any) error {
	return m.save(path, nil, meta)
}

// SaveTrained is Save that also records the training settings tc (with
// their defaults filled in, so the file says what actually ran) in the
// checkpoint's header, where LoadExpect can check them.
func (m *Model) SaveTrained(path string, tc TrainConfig, meta any) error {
	if err := tc.Validate(); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	tc = tc.withDefaults()
	return m.save(path, &tc, meta)
}

func (m *Model) save(path string, tc *TrainConfig, meta any) error {
	h, err := m.header(tc, meta)
	if err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	return WriteCheckpoint(path, h, m.Params)
}

// write writes the model's checkpoint to w, as save writes it to a file.
func (m *Model) write(w io.Writer, tc *TrainConfig, meta any) error {
	h, err := m.header(tc, meta)
	if err != nil {
		return err
	}
	return writeCheckpoint(w, h, m.Params)
}

// header is the checkpoint header of the model, trained with tc (nil if
// not recorded), with meta beside it.
func (m *Model) header(tc *TrainConfig, meta any) (checkpointHeader, error) {
	c := m.Config
	h := checkpointHeader{Kind: c.Kind.String(), Input: c.Input, Hidden: c.Hidden, Latent: c.Latent,
		Likelihood: c.Likelihood.String(), Sigma: c.Sigma, Beta: c.Beta, Params: len(m.Params), Train: tc}
	if meta != nil {
		raw, err := marshal(meta)
		if err != nil {
			return h, fmt.Errorf("encoding metadata: %w", err)
		}
		h.Meta = raw
	}
	return h, nil
}

// WriteCheckpoint writes params and a header to path in the checkpoint
// format above, atomically (package internal/atomicfile): to a temporary
// file in the same folder, synced, then renamed over path, so a crash or a
// failed write leaves either the old file or the new one, never half of
// one. header must encode as a JSON object; its "params" field, if it has
// one, must be len(params), and is added if it has none. It is the
// container Model.Save writes, for any model whose parameters are one
// Block (lessons/cvae keeps its recipe and history in the header).
func WriteCheckpoint(path string, header any, params []float32) error {
	var buf bytes.Buffer
	if err := writeCheckpoint(&buf, header, params); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	if err := atomicfile.Write(path, buf.Bytes()); err != nil {
		return fmt.Errorf("vae: save %s: %w", path, err)
	}
	return nil
}

func writeCheckpoint(w io.Writer, header any, params []float32) error {
	hb, err := marshal(header)
	if err != nil {
		return err
	}
	var count struct {
		Params *int `json:"params"`
	}
	if len(hb) < 2 || hb[0] != '{' || json.Unmarshal(hb, &count) != nil {
		return fmt.Errorf("checkpoint header %T does not encode as a JSON object", header)
	}
	switch {
	case count.Params == nil && string(hb) == "{}":
		hb = fmt.Appendf(nil, `{"params":%d}`, len(params))
	case count.Params == nil:
		hb = append(fmt.Appendf(nil, `{"params":%d,`, len(params)), hb[1:]...)
	case *count.Params != len(params):
		return fmt.Errorf("checkpoint header says %d parameters but %d are given", *count.Params, len(params))
	}
	if len(hb) > maxHeaderBytes {
		return fmt.Errorf("header with metadata is %d bytes, more than the %d a checkpoint allows: store less metadata", len(hb), maxHeaderBytes)
	}
	crc := crc32.NewIEEE()
	out := io.MultiWriter(w, crc)
	out.Write([]byte(checkpointMagic))
	binary.Write(out, binary.LittleEndian, uint32(checkpointVersion))
	binary.Write(out, binary.LittleEndian, uint32(len(hb)))
	out.Write(hb)
	raw := make([]byte, 4*len(params))
	for i, p := range params {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(p))
	}
	out.Write(raw)
	return binary.Write(w, binary.LittleEndian, crc.Sum32())
}

// marshal is json.Marshal without escaping < > & as \u003c..., so that
// writing back a header read from a file never makes it longer.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Load reads a model saved by Save. threads sets the matmul threads of the
// loaded model (0 for GOMAXPROCS). meta, if not nil, receives the stored
// metadata (json.Unmarshal). A file that is not a usable checkpoint gives a
// *CheckpointError naming the file, what is wrong and what to do; a file
// that cannot be read gives the os error (fs.ErrNotExist if it is missing).
func Load(path string, threads int, meta any) (*Model, error) {
	return load(path, nil, threads, meta)
}

// ReadCheckpoint reads a file written by WriteCheckpoint, decodes its
// header into header (json.Unmarshal; nil skips it) and returns its
// parameters. A file that is not a usable checkpoint gives a
// *CheckpointError naming the file, what is wrong and what to do; a file
// that cannot be read gives the os error (fs.ErrNotExist if it is
// missing).
func ReadCheckpoint(path string, header any) ([]float32, error) {
	ck, err := readFile(path, parseContainer)
	if err != nil {
		return nil, err
	}
	if header != nil {
		if err := json.Unmarshal(ck.header, header); err != nil {
			return nil, withPath(&CheckpointError{Problem: fmt.Sprintf("its header does not decode into %T (%v)", header, err), Fix: fixMismatch}, path)
		}
	}
	params := make([]float32, len(ck.params)/4)
	decodeParams(params, ck.params)
	return params, nil
}

// readFile reads the file at path and parses it, naming the file in the
// parser's *CheckpointError.
func readFile[T any](path string, parse func([]byte) (T, error)) (T, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var none T
		return none, fmt.Errorf("vae: read checkpoint: %w", err)
	}
	t, err := parse(b)
	if err != nil {
		return t, withPath(err, path)
	}
	return t, nil
}

// decodeParams sets dst from raw, 4 bytes of little-endian float32 each.
func decodeParams(dst []float32, raw []byte) {
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
}

// load is Load, and LoadExpect when want is not nil: read, parse, check
// against want, then build the model.
func load(path string, want *Expect, threads int, meta any) (*Model, error) {
	ck, err := readFile(path, parseCheckpoint)
	if err != nil {
		return nil, err
	}
	if want != nil {
		if diffs := ck.differences(*want); len(diffs) > 0 {
			return nil, withPath(&CheckpointError{Problem: "it holds another model than expected: " + strings.Join(diffs, ", "), Fix: fixMismatch}, path)
		}
	}
	m, err := ck.model(threads, meta)
	if err != nil {
		return nil, withPath(err, path)
	}
	return m, nil
}
