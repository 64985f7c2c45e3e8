package mnist

import (
	"bytes"
	"compress/gzip"
	"io"
	"runtime"
	"slices"
	"testing"
)

// FuzzReadIDX feeds arbitrary bytes, plain or gzip, to ReadIDX. The seed
// corpus in testdata/fuzz/FuzzReadIDX holds small IDX files (some cut from
// the MNIST subset in testdata/mnist), gzip copies and damaged variants.
// Properties:
//   - it never panics;
//   - it never allocates much more than the bytes the stream actually
//     holds, or a small multiple of the input, whatever sizes the header
//     claims;
//   - whatever it accepts has product(Dims) bytes of data and reads back
//     the same after writing it again, plain or gzip.
func FuzzReadIDX(f *testing.F) {
	good := idxBytes([]uint32{2, 2, 3}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add(good)
	f.Add(gz(good))
	f.Fuzz(func(t *testing.T, b []byte) {
		present := streamBytes(b)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		idx, err := ReadIDX(bytes.NewReader(b))
		runtime.ReadMemStats(&after)
		// bytes.Buffer at most doubles past what arrived, or is sized up
		// front to a claim of at most trustedRatio times the input; bufio
		// and the gzip decompressor take a fixed few tens of kilobytes.
		if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(max(3*present, trustedRatio*len(b)))+1<<20 {
			t.Fatalf("reading %d bytes (%d after decompression) allocated %d bytes", len(b), present, grew)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		size := 1
		dims := make([]uint32, len(idx.Dims))
		for i, d := range idx.Dims {
			size *= d
			dims[i] = uint32(d)
		}
		if len(idx.Data) != size {
			t.Fatalf("dimensions %v but %d bytes of data", idx.Dims, len(idx.Data))
		}
		plain := idxBytes(dims, idx.Data)
		for _, again := range [][]byte{plain, gz(plain)} {
			back, err := ReadIDX(bytes.NewReader(again))
			if err != nil {
				t.Fatalf("reading back an accepted file: %v", err)
			}
			if !slices.Equal(back.Dims, idx.Dims) || !bytes.Equal(back.Data, idx.Data) {
				t.Fatalf("read back dims %v, %d bytes; want %v, %d bytes", back.Dims, len(back.Data), idx.Dims, len(idx.Data))
			}
		}
	})
}

// streamBytes is how many bytes ReadIDX can see in b: b itself, or as
// many as b decompresses to if it is gzip.
func streamBytes(b []byte) int {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return len(b)
	}
	n, _ := io.Copy(io.Discard, zr)
	return max(len(b), int(n))
}
