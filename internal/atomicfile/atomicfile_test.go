package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var errInjected = errors.New("no space left on device (injected)")

func TestWrite(t *testing.T) {
	halfThenFail := func(f *os.File, b []byte) (int, error) {
		n, _ := f.Write(b[:len(b)/2])
		return n, errInjected
	}
	failSync := func(*os.File) error { return errInjected }
	failRename := func(string, string) error { return errInjected }
	failSyncDir := func(string) error { return errInjected }
	for _, tc := range []struct {
		name    string
		old     string      // contents of the file before, "" for no file
		oldMode os.FileMode // its permissions
		steps   func(s *steps)
		wantErr string // "" for success
		want    string // contents after
		mode    os.FileMode
	}{
		{name: "new file", want: "new", mode: 0o644},
		{name: "replace", old: "old", oldMode: 0o644, want: "new", mode: 0o644},
		{name: "replace keeps the mode", old: "old", oldMode: 0o600, want: "new", mode: 0o600},
		{name: "write fails halfway", old: "old", oldMode: 0o644, steps: func(s *steps) { s.write = halfThenFail },
			wantErr: "writing", want: "old", mode: 0o644},
		{name: "write fails halfway, no old file", steps: func(s *steps) { s.write = halfThenFail }, wantErr: "injected"},
		{name: "sync fails", old: "old", oldMode: 0o644, steps: func(s *steps) { s.sync = failSync },
			wantErr: "syncing", want: "old", mode: 0o644},
		{name: "rename fails", old: "old", oldMode: 0o640, steps: func(s *steps) { s.rename = failRename },
			wantErr: "renaming", want: "old", mode: 0o640},
		// After the rename the new contents are in place; the error says
		// so, since their durability is not guaranteed.
		{name: "folder sync fails", old: "old", oldMode: 0o644, steps: func(s *steps) { s.syncDir = failSyncDir },
			wantErr: "is written, but syncing its folder failed", want: "new", mode: 0o644},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.json")
			if tc.old != "" {
				if err := os.WriteFile(path, []byte(tc.old), tc.oldMode); err != nil {
					t.Fatal(err)
				}
				os.Chmod(path, tc.oldMode) // WriteFile's mode is subject to the umask
			}
			s := osSteps
			if tc.steps != nil {
				tc.steps(&s)
			}
			err := s.run(path, []byte("new"))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			case tc.wantErr != "" && !errors.Is(err, errInjected):
				t.Errorf("error %v does not wrap the cause", err)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tc.want == "" && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("%s exists after a failed write (%q, %v)", path, got, rerr)
			case tc.want != "" && string(got) != tc.want:
				t.Errorf("%s holds %q, want %q", path, got, tc.want)
			}
			if tc.want != "" {
				if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != tc.mode {
					t.Errorf("mode %v (%v), want %v", fi.Mode().Perm(), err, tc.mode)
				}
			}
			entries, _ := os.ReadDir(dir)
			if n := len(entries); tc.want == "" && n != 0 || tc.want != "" && n != 1 {
				t.Errorf("folder holds %v: a temporary file is left behind", entries)
			}
		})
	}
}

// TestWriteCannotCreate covers the failures before any file exists: a
// missing folder, a folder that is a file, a folder without write
// permission.
func TestWriteCannotCreate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the path to write
		want  string
	}{
		{"missing folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "no-such-folder", "f")
		}, "no such file or directory"},
		{"folder is a file", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
			return filepath.Join(dir, "file", "f")
		}, "not a directory"},
		{"folder not writable", func(t *testing.T, dir string) string {
			sub := filepath.Join(dir, "ro")
			os.Mkdir(sub, 0o755)
			os.WriteFile(filepath.Join(sub, "f"), []byte("old"), 0o644)
			os.Chmod(sub, 0o500)
			t.Cleanup(func() { os.Chmod(sub, 0o755) })
			if f, err := os.CreateTemp(sub, "probe"); err == nil { // root ignores the mode
				f.Close()
				os.Remove(f.Name())
				t.Skip("this user can write to a read-only folder (root)")
			}
			return filepath.Join(sub, "f")
		}, "permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.setup(t, t.TempDir())
			before, _ := os.ReadFile(path)
			err := Write(path, []byte("new"))
			if err == nil || !strings.Contains(err.Error(), "creating a temporary file") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one about creating the temporary file, containing %q", err, tc.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Errorf("the failed write changed %s from %q to %q", path, before, after)
			}
		})
	}
}

// TestRemoveStale leaves a killed writer's temporary file of the path
// behind, an old one and one a live writer might still hold, and one of
// another file: only the old one of this path goes.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m[1].ckpt") // glob characters in the name
	old := time.Now().Add(-2 * time.Minute)
	put := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mtime, mtime)
		return p
	}
	stale := put(".m[1].ckpt.tmp123", old)
	live := put(".m[1].ckpt.tmp456", time.Now())
	other := put(".n.ckpt.tmp789", old)
	if n := RemoveStale(path); n != 1 {
		t.Errorf("removed %d files, want 1", n)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary file is still there")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}
