package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is the content of an IDX file: a shape and unsigned bytes.
type IDX struct {
	Dims []int  // e.g. [60000 28 28] for images, [60000] for labels
	Data []byte // product(Dims) bytes, row-major
}

// maxIDXBytes bounds what a header may claim, so a corrupt header cannot
// make ReadIDX allocate gigabytes: full MNIST training images are 47 MB.
const maxIDXBytes = 1 << 30

// ReadIDXFile reads an IDX file, gzip-compressed (by its magic bytes) or
// plain. Errors name the file.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	idx, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return idx, nil
}

// ReadIDX parses an IDX stream of unsigned bytes (type code 0x08),
// decompressing it first if it starts with the gzip magic bytes.
func ReadIDX(r io.Reader) (*IDX, error) {
	room := sourceSize(r)
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && bytes.Equal(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("bad gzip stream: %w", err)
		}
		defer zr.Close()
		if room >= 0 {
			room *= trustedRatio
		}
		return readIDX(zr, room)
	}
	return readIDX(br, room)
}

// trustedRatio is how far a gzip file's size is trusted to expand: a
// header claiming at most this many times the compressed size is read into
// one allocation of that size. MNIST's files expand about 4.8 times; deflate
// can reach 1032, but a header claiming that much is read as bytes arrive.
const trustedRatio = 8

// sourceSize returns how many bytes r holds, or −1 if it cannot tell.
func sourceSize(r io.Reader) int64 {
	switch s := r.(type) {
	case *os.File:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Size() int64 }: // bytes.Reader, strings.Reader
		return s.Size()
	}
	return -1
}

// readIDX reads the header and data from r, which holds at most room bytes
// (−1: unknown).
func readIDX(r io.Reader, room int64) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("too short for an IDX header (%v): the file is truncated or not IDX; download it again", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("wrong magic %x: not an IDX file (IDX starts 00 00 08 <dims>)", magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("IDX element type 0x%02x is not unsigned bytes (0x08)", magic[2])
	}
	nd := int(magic[3])
	if nd < 1 || nd > 4 {
		return nil, fmt.Errorf("IDX header says %d dimensions; MNIST files have 1 or 3", nd)
	}
	dims := make([]int, nd)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("truncated IDX header (dimension %d of %d): download the file again", i+1, nd)
		}
		dims[i] = int(d)
		if d == 0 || size > maxIDXBytes/int(d) {
			return nil, fmt.Errorf("IDX header claims dimensions %v: empty or larger than %d bytes; the file is corrupt", dims[:i+1], maxIDXBytes)
		}
		size *= int(d)
	}
	// When the source plausibly holds the size the header claims (a plain
	// file that long, or a gzip file of at least 1/trustedRatio of it),
	// read into one slice of that size: no copies left behind as garbage,
	// which for the 47 MB training images would double the peak memory.
	// Otherwise read into a buffer that grows only as bytes arrive
	// (bytes.Buffer.ReadFrom, at most doubling), never one allocation of
	// the size a lying header claims.
	var buf bytes.Buffer
	if room >= int64(size) {
		buf.Grow(size)
	}
	n, err := io.CopyN(&buf, r, int64(size))
	if err != nil {
		// io.ErrUnexpectedEOF: a gzip stream that stops mid-way.
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated: header %v promises %d bytes of data, found %d; download the file again", dims, size, n)
		}
		return nil, fmt.Errorf("reading data after %d of %d bytes (%w): the file is damaged; download it again", n, size, err)
	}
	// Read on to the end: gzip checks its CRC only there, and bytes after
	// the data mean the header undercounts them.
	var extra [1]byte
	if k, err := io.ReadFull(r, extra[:]); k > 0 {
		return nil, fmt.Errorf("more data than header %v promises (%d bytes): the file is corrupt; download it again", dims, size)
	} else if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("after the data (%w): the file is damaged; download it again", err)
	}
	return &IDX{Dims: dims, Data: buf.Bytes()}, nil
}
