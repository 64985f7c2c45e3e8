package vae

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// container is a checkpoint file's header and parameters, checked for
// damage, whatever model it holds.
type container struct {
	header []byte // the JSON header
	params []byte // 4 bytes of little-endian float32 per parameter
}

// checkpoint is a checkpoint of a Model, checked and parsed, before its
// model is built.
type checkpoint struct {
	h      checkpointHeader
	config Config // as the header describes it; Threads 0
	params []byte // 4*h.Params bytes of little-endian float32
}

// parseContainer checks b, the bytes of a checkpoint file, and splits it
// into its header and parameters. It allocates nothing that grows with what
// the header claims: every size is checked against len(b) first, so a
// lying header cannot demand more memory than the file's own size. Errors
// are *CheckpointError without a path.
func parseContainer(b []byte) (*container, error) {
	if len(b) == 0 {
		return nil, truncated("it is empty")
	}
	if n := min(len(b), len(checkpointMagic)); string(b[:n]) != checkpointMagic[:n] {
		return nil, &CheckpointError{Problem: fmt.Sprintf("not a govae checkpoint: it starts %q, a checkpoint starts %q", b[:n], checkpointMagic), Fix: fixPath}
	}
	if len(b) < prefixBytes+4 {
		return nil, truncated("%d bytes, fewer than the %d every checkpoint has", len(b), prefixBytes+4)
	}
	switch v := binary.LittleEndian.Uint32(b[8:]); {
	case v > checkpointVersion:
		return nil, &CheckpointError{Problem: fmt.Sprintf("format version %d, but this library reads version %d", v, checkpointVersion), Fix: fixNewer}
	case v == 0:
		return nil, corrupt("format version 0 does not exist")
	}
	// If the last four bytes are the CRC of the rest, the file is as Save
	// wrote it. If not, it was cut short or changed, and the header, when
	// it is readable, tells which.
	stored, computed := binary.LittleEndian.Uint32(b[len(b)-4:]), crc32.ChecksumIEEE(b[:len(b)-4])
	intact := stored == computed
	hlen := int64(binary.LittleEndian.Uint32(b[12:])) // int64: no overflow where int is 32 bits
	if hlen > maxHeaderBytes {
		return nil, corrupt("its header length %d is more than the %d bytes a header may have", hlen, maxHeaderBytes)
	}
	if int64(prefixBytes)+hlen+4 > int64(len(b)) {
		return nil, truncated("its header is %d bytes but only %d bytes follow the prefix", hlen, len(b)-prefixBytes)
	}
	header := b[prefixBytes : prefixBytes+int(hlen)]
	var h struct {
		Params int `json:"params"`
	}
	if err := json.Unmarshal(header, &h); err != nil {
		if !intact {
			return nil, corrupt("checksum mismatch (stored %08x, computed %08x) and its header does not parse (%v)", stored, computed, err)
		}
		return nil, corrupt("its header does not parse: %v", err)
	}
	room := (len(b) - prefixBytes - int(hlen) - 4) / 4 // parameters the file has space for
	switch {
	case h.Params < 0:
		return nil, corrupt("its header says %d parameters", h.Params)
	case h.Params > room:
		return nil, truncated("its header promises %d parameters but the file has room for %d", h.Params, room)
	case h.Params < room || (len(b)-prefixBytes-int(hlen))%4 != 0:
		return nil, corrupt("%d bytes follow the %d parameters its header promises", len(b)-prefixBytes-int(hlen)-4-4*h.Params, h.Params)
	case !intact:
		return nil, corrupt("checksum mismatch (stored %08x, computed %08x): some bytes changed after it was written", stored, computed)
	}
	off := prefixBytes + int(hlen)
	return &container{header: header, params: b[off : off+4*h.Params]}, nil
}

// parseCheckpoint is parseContainer for a Model's checkpoint: it also
// parses the header as a Model's and checks the architecture it describes.
func parseCheckpoint(b []byte) (*checkpoint, error) {
	ct, err := parseContainer(b)
	if err != nil {
		return nil, err
	}
	var h checkpointHeader
	if err := json.Unmarshal(ct.header, &h); err != nil {
		return nil, corrupt("its header is not a model's: %v", err)
	}
	c, err := h.config()
	if err != nil {
		return nil, err
	}
	if h.Train != nil {
		if err := h.Train.Validate(); err != nil {
			return nil, corrupt("its training settings are impossible (%v)", err)
		}
	}
	return &checkpoint{h: h, config: c, params: ct.params}, nil
}

// config checks the header's architecture against its parameter count and
// returns it as a Config.
func (h *checkpointHeader) config() (Config, error) {
	kind, err := ParseKind(h.Kind)
	if err != nil {
		return Config{}, corrupt("its header names model kind %q, neither ae nor vae", h.Kind)
	}
	lik, err := ParseLikelihood(h.Likelihood)
	if err != nil {
		return Config{}, corrupt("its header names likelihood %q, neither bernoulli nor gaussian", h.Likelihood)
	}
	c := Config{Kind: kind, Input: h.Input, Hidden: h.Hidden, Latent: h.Latent, Likelihood: lik, Sigma: h.Sigma, Beta: h.Beta}
	// Each product of two sizes is a layer's weight count, so none may
	// exceed the parameter count; checking by division first keeps
	// paramCount from overflowing on sizes a damaged header made up.
	p := h.Params
	if c.Input < 1 || c.Hidden < 1 || c.Latent < 1 || c.Input > p || c.Hidden > p/c.Input || c.Latent > p/c.Hidden {
		return Config{}, corrupt("its header's sizes input %d, hidden %d, latent %d do not fit its %d parameters", c.Input, c.Hidden, c.Latent, p)
	}
	if err := c.Validate(); err != nil {
		return Config{}, corrupt("its header describes an impossible model (%v)", err)
	}
	if n := paramCount(c); n != p {
		return Config{}, corrupt("its header describes %v %d-%d-%d, which has %d parameters, but holds %d", c.Kind, c.Input, c.Hidden, c.Latent, n, p)
	}
	return c, nil
}

// model builds the checkpoint's model with threads matmul threads and
// decodes its metadata into meta, if meta is not nil.
func (ck *checkpoint) model(threads int, meta any) (*Model, error) {
	c := ck.config
	c.Threads = threads
	m, err := New(c, 0)
	if err != nil {
		return nil, err
	}
	decodeParams(m.Params, ck.params)
	if meta != nil && len(ck.h.Meta) > 0 {
		if err := json.Unmarshal(ck.h.Meta, meta); err != nil {
			m.Close()
			return nil, &CheckpointError{Problem: fmt.Sprintf("its metadata does not decode into %T (%v)", meta, err), Fix: fixMismatch}
		}
	}
	return m, nil
}
