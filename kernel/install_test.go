package kernel

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeInstall lays out an install in a new root with stub binaries, and a
// kernel.json written as gonb --install does, then fixed by fixSpec with
// goBin as the fallback folder of go.
func fakeInstall(t *testing.T, goBin string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(binDir(root), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tool := range installTools {
		os.WriteFile(filepath.Join(binDir(root), tool.name), []byte("#!/bin/sh\n"), 0o755)
	}
	spec := `{"argv": ["/tmp/gonb", "--kernel", "{connection_file}"], "display_name": "Go (gonb)", "language": "go"}`
	os.MkdirAll(filepath.Dir(SpecPath(root)), 0o755)
	if err := os.WriteFile(SpecPath(root), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fixSpec(root, goBin); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestFixSpec(t *testing.T) {
	root := fakeInstall(t, "/usr/local/go/bin")
	data, _ := os.ReadFile(SpecPath(root))
	var spec struct {
		Argv []string
		Env  map[string]string
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	sep := string(filepath.ListSeparator)
	if want := binDir(root) + sep + "${PATH}" + sep + "/usr/local/go/bin"; spec.Env["PATH"] != want {
		t.Errorf("kernel PATH = %q, want %q: the tools first, Jupyter's PATH, then the Go of the install", spec.Env["PATH"], want)
	}
	if spec.Argv[0] != filepath.Join(binDir(root), "gonb") || spec.Argv[1] != "--kernel" {
		t.Errorf("argv = %q", spec.Argv)
	}
}

// TestVerify breaks a complete fake install one piece at a time; each
// error must say what is missing, what it is for and how to repair it.
func TestVerify(t *testing.T) {
	goBin := fakeBin(t, map[string]string{"go": ""})
	tests := []struct {
		name  string
		path  string         // PATH while verifying (what ${PATH} becomes)
		goBin string         // kernel.json's fallback for go
		spoil func(r string) // what to break
		want  []string       // in the error; nil for none
	}{
		{"complete", "", goBin, func(string) {}, nil},
		{"no goimports", "", goBin, func(r string) { os.Remove(filepath.Join(binDir(r), "goimports")) },
			[]string{"goimports is missing (GoNB runs it on every cell", "every cell fails", "goimports is not on the kernel's PATH"}},
		{"no gopls", "", goBin, func(r string) { os.Remove(filepath.Join(binDir(r), "gopls")) },
			[]string{"gopls is missing (GoNB asks it for completion"}},
		{"no gonb", "", goBin, func(r string) { os.Remove(filepath.Join(binDir(r), "gonb")) },
			[]string{"gonb is missing (the kernel itself)"}},
		{"junk goimports", "", goBin, func(r string) {
			os.WriteFile(filepath.Join(binDir(r), "goimports"), []byte{0x7f, 'E', 'L', 'F', 0, 1, 2, 3}, 0o755)
		}, []string{"goimports cannot run", "so it is damaged (GoNB runs it on every cell"}},
		{"no kernel.json", "", goBin, func(r string) { os.Remove(SpecPath(r)) }, []string{filepath.Join(".jupyter", "kernels", "gonb", "kernel.json") + " is missing"}},
		{"kernel.json from elsewhere", "", goBin, func(r string) {
			os.WriteFile(SpecPath(r), []byte(`{"argv": ["/elsewhere/gonb"], "env": {}}`), 0o644)
		}, []string{"kernel.json argv[0] is not", "goimports is not on the kernel's PATH", "go is not on the kernel's PATH"}},
		{"no go anywhere", t.TempDir(), t.TempDir(), func(string) {}, []string{"go is not on the kernel's PATH"}},
		{"go only on Jupyter's PATH", goBin, t.TempDir(), func(string) {}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeInstall(t, tt.goBin)
			tt.spoil(root)
			t.Setenv("PATH", tt.path)
			err := verify(root)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Logf("the message:\n%v", err)
			if !errors.Is(err, errNotInstalled) {
				t.Fatalf("want errNotInstalled, got %v", err)
			}
			for _, w := range append(tt.want, "run `go run ./kernel/cmd/lab -install`") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestVerifyEmpty(t *testing.T) {
	err := verify(t.TempDir())
	if !errors.Is(err, errNotInstalled) || !strings.Contains(err.Error(), "gopls is missing") {
		t.Errorf("verify(empty) = %v", err)
	}
}
