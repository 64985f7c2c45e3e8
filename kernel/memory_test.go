package kernel

import (
	"os"
	"runtime"
	"testing"
)

func TestMemoryRoles(t *testing.T) {
	var m Memory
	for _, p := range []struct {
		comm string
		rss  int64
	}{{"python3", 1}, {"python3.11", 2}, {"gonb", 4}, {"go", 8}, {"compile", 16}, {"link", 32}, {"goimports", 64}, {"sh", 128}, {"gonb_cell_1234", 256}} {
		m.add(p.comm, p.rss<<20)
	}
	want := Memory{Client: 3 << 20, Kernel: 4 << 20, Tools: 248 << 20, Cell: 256 << 20, Total: 511 << 20}
	if m != want {
		t.Errorf("roles: got %+v, want %+v", m, want)
	}
	if got, want := m.String(), "kernel 4 MB, tools 248 MB, cell 256 MB, client 3 MB; all at once 511 MB"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var p Memory
	p.peak(Memory{Client: 5, Total: 5})
	p.peak(Memory{Kernel: 7, Total: 7})
	if p != (Memory{Client: 5, Kernel: 7, Total: 7}) {
		t.Errorf("peak: %+v", p)
	}
}

// TestSampleTreeSeesThisProcess measures the test's own process, which
// runs under a name no role claims, as a cell's program.
func TestSampleTreeSeesThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("memory is read from /proc")
	}
	m := sampleTree(os.Getpid())
	if m.Cell < 1<<20 || m.Total < m.Cell {
		t.Errorf("the test process measured as %+v; want at least 1 MB as a cell's program", m)
	}
}
