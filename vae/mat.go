package vae

import "fmt"

// Mat is a row-major float32 matrix: element (i, j) is Data[i*Cols+j].
type Mat struct {
	Rows, Cols int
	Data       []float32
}

// NewMat returns a zeroed rows×cols matrix.
func NewMat(rows, cols int) Mat {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("vae: NewMat(%d, %d): negative size", rows, cols))
	}
	return Mat{Rows: rows, Cols: cols, Data: make([]float32, rows*cols)}
}

// MatFrom wraps data as a rows×cols matrix without copying. It panics if
// len(data) != rows*cols.
func MatFrom(rows, cols int, data []float32) Mat {
	if len(data) != rows*cols {
		panic(fmt.Sprintf("vae: MatFrom(%d, %d): data has %d elements, want %d", rows, cols, len(data), rows*cols))
	}
	return Mat{Rows: rows, Cols: cols, Data: data}
}

// Row returns row i as a slice sharing m's storage.
func (m Mat) Row(i int) []float32 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// At returns element (i, j).
func (m Mat) At(i, j int) float32 { return m.Data[i*m.Cols+j] }

// Slice returns rows [i, j) as a matrix sharing m's storage.
func (m Mat) Slice(i, j int) Mat {
	return Mat{Rows: j - i, Cols: m.Cols, Data: m.Data[i*m.Cols : j*m.Cols]}
}

// Clone returns a deep copy of m.
func (m Mat) Clone() Mat {
	return Mat{Rows: m.Rows, Cols: m.Cols, Data: append([]float32(nil), m.Data...)}
}

// String describes the shape, e.g. "Mat(128x784)".
func (m Mat) String() string { return fmt.Sprintf("Mat(%dx%d)", m.Rows, m.Cols) }

// mustShape panics unless m is rows×cols, naming what the matrix is.
func mustShape(what string, m Mat, rows, cols int) {
	if m.Rows != rows || m.Cols != cols || len(m.Data) < rows*cols {
		panic(fmt.Sprintf("vae: %s is %dx%d (len %d), want %dx%d", what, m.Rows, m.Cols, len(m.Data), rows, cols))
	}
}

// sameMat reports whether a and b are the same view of the same storage.
func sameMat(a, b Mat) bool {
	return a.Rows == b.Rows && a.Cols == b.Cols && (len(a.Data) == 0 || &a.Data[0] == &b.Data[0])
}
