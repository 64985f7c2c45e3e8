package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/vaelab/govae/internal/repo"
)

// idxBytes builds an IDX file of unsigned bytes with the given dimensions.
func idxBytes(dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// flipByte returns a copy of b with the byte at i (from the end if
// negative) changed.
func flipByte(b []byte, i int) []byte {
	c := bytes.Clone(b)
	if i < 0 {
		i += len(c)
	}
	c[i] ^= 0x01
	return c
}

func TestReadIDX(t *testing.T) {
	good := idxBytes([]uint32{2, 2, 3}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	for _, tc := range []struct {
		name    string
		file    []byte
		wantErr string // "" for success
	}{
		{"plain", good, ""},
		{"gzip", gz(good), ""},
		{"truncated data", good[:len(good)-3], "truncated"},
		{"truncated gzip data", gz(good[:len(good)-3]), "truncated"},
		{"truncated header", good[:9], "truncated IDX header"},
		{"empty file", nil, "too short"},
		{"wrong magic", append([]byte{0x50, 0x4b, 3, 4}, good[4:]...), "wrong magic"},
		{"float elements", append([]byte{0, 0, 0x0d, 3}, good[4:]...), "not unsigned bytes"},
		{"header claims 4 GB", idxBytes([]uint32{0xffffffff, 28, 28}, []byte{1, 2, 3}), "corrupt"},
		{"zero dimension", idxBytes([]uint32{0, 28, 28}, nil), "corrupt"},
		{"gzip stream cut short", gz(good)[:30], "truncated"},
		{"gzip checksum damaged", flipByte(gz(good), -6), "invalid checksum"},
		{"bytes after the data", append(bytes.Clone(good), 0), "more data than header [2 2 3] promises"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx, err := ReadIDX(bytes.NewReader(tc.file))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(idx.Dims) != 3 || idx.Dims[0] != 2 || idx.Dims[2] != 3 || idx.Data[11] != 12 {
					t.Errorf("got dims %v data %v", idx.Dims, idx.Data)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestLoadSetErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	images := filepath.Join(dir, "images.gz")
	labels := filepath.Join(dir, "labels.gz")
	os.WriteFile(images, gz(idxBytes([]uint32{2, 2, 2}, make([]byte, 8))), 0o644)
	os.WriteFile(labels, gz(idxBytes([]uint32{3}, []byte{1, 2, 3})), 0o644)
	for _, tc := range []struct {
		name, images, labels, want string
	}{
		{"missing file", filepath.Join(dir, "nope.gz"), labels, "nope.gz"},
		{"count mismatch", images, labels, "do not belong together"},
		{"swapped", labels, images, "labels file"},
	} {
		_, err := LoadSet(tc.images, tc.labels, "x")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	bad := filepath.Join(dir, "bad.gz")
	os.WriteFile(bad, []byte("<html>404</html>"), 0o644)
	if _, err := LoadSet(bad, labels, "x"); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("an HTML page for images: error %v, want one naming %s", err, bad)
	}
}

func TestSmallSubset(t *testing.T) {
	train, test, err := Small()
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 1000 || test.N != 500 || train.Dim != 784 {
		t.Errorf("subset is %d+%d digits of %d pixels, want 1000+500 of 784", train.N, test.N, train.Dim)
	}
	counts := map[uint8]int{}
	for _, l := range train.Labels {
		counts[l]++
	}
	if len(counts) != 10 {
		t.Errorf("subset has digits %v, want all ten", counts)
	}
}

func TestFullMNISTFromModuleCache(t *testing.T) {
	dir, err := Dir()
	if err != nil {
		t.Fatal(err) // building this package fetched the module, so its data must be there
	}
	train, test, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 {
		t.Errorf("full MNIST has %d+%d digits, want 60000+10000", train.N, test.N)
	}
}

// Reading a real gzip file sizes its buffer once from the header, rather
// than doubling up to it: the copies doubling leaves behind would make
// full MNIST's peak memory about twice its 47 MB.
func TestReadIDXFileAllocatesTheDataOnce(t *testing.T) {
	path := filepath.Join("..", "testdata", "mnist", "train-images-idx3-ubyte.gz")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	idx, err := ReadIDXFile(path)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	data := uint64(len(idx.Data))
	// bufio and gzip take ~100 KB of their own; doubling would add ≥ data/2.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > data+data/4+200<<10 {
		t.Errorf("reading %d bytes of images allocated %d bytes; want one buffer of the data's size", data, grew)
	}
}

// TestLoadFindsUnzippedFiles loads the subset from a folder where the files
// are unpacked, as other tools leave them, and checks what a folder
// without them, or no folder at all, and $MNIST_DIR are told.
func TestLoadFindsUnzippedFiles(t *testing.T) {
	root, err := repo.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := Small()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{TrainImages, TrainLabels, TestImages, TestLabels} {
		f, err := os.Open(filepath.Join(root, "testdata", "mnist", name))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(name, ".gz")), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	train, _, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != want.N || !bytes.Equal(train.Pixels, want.Pixels) {
		t.Errorf("unzipped: %d digits, want the subset's %d, pixels alike", train.N, want.N)
	}

	empty := t.TempDir()
	if _, _, err := Load(empty); err == nil || !strings.Contains(err.Error(), "holds neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte") {
		t.Errorf("an empty folder: %v", err)
	}
	if _, _, err := Load(filepath.Join(empty, "nope")); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("no folder: %v", err)
	}
	t.Setenv("MNIST_DIR", empty)
	if _, _, err := LoadDefault(); err == nil || !strings.Contains(err.Error(), "$MNIST_DIR") {
		t.Errorf("from $MNIST_DIR: %v", err)
	}
}
