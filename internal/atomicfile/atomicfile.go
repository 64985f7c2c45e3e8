// Package atomicfile replaces a file so that a crash, a full disk or any
// other failure leaves either the old contents or the new ones at its path,
// never part of either. The checkpoints of package vae and of the CVAE
// lesson, and the notebooks package kernel writes, are saved through it.
//
// The recipe is the usual one for POSIX file systems: write a temporary
// file in the same folder (a rename is atomic only within one file system),
// fsync it so its bytes are on disk before its name is, rename it over the
// path, then fsync the folder so the rename itself survives a power cut.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Write replaces the file at path with data. The new file keeps the
// permissions of the one it replaces, or gets 0644 if there was none.
//
// If an error is returned before the rename, the file at path is untouched
// and the temporary file has been removed. The one error that can come
// after the rename is a failure to sync the folder: path then holds data,
// but the rename may not survive a crash of the machine.
func Write(path string, data []byte) error { return osSteps.run(path, data) }

// steps are the operations Write is made of, so that tests can make each
// one fail in turn.
type steps struct {
	write   func(f *os.File, data []byte) (int, error)
	sync    func(f *os.File) error
	rename  func(oldpath, newpath string) error
	syncDir func(dir string) error
}

var osSteps = steps{write: (*os.File).Write, sync: (*os.File).Sync, rename: os.Rename, syncDir: syncDir}

func (s steps) run(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	// The leading dot hides the temporary file from ls and from globs such
	// as *.ipynb while it exists.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("creating a temporary file: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close() // a second Close only returns an error, ignored
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes the file 0600; Chmod is not subject to the umask.
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", tmp.Name(), err)
	}
	if _, err := s.write(tmp, data); err != nil {
		return fmt.Errorf("writing %s: %w", tmp.Name(), err)
	}
	if err := s.sync(tmp); err != nil {
		return fmt.Errorf("syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", tmp.Name(), err)
	}
	if err := s.rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("renaming %s over %s: %w", tmp.Name(), path, err)
	}
	renamed = true
	if err := s.syncDir(dir); err != nil {
		return fmt.Errorf("%s is written, but syncing its folder failed: %w", path, err)
	}
	return nil
}

// syncDir fsyncs the folder dir, which makes a rename in it durable.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		// Go cannot fsync a folder there; the rename is then as durable
		// as the file system makes it.
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// staleAfter is the age from which a temporary file of Write is taken for
// the remains of a process that died writing: a write takes well under a
// second, so one still in progress is far younger.
const staleAfter = time.Minute

// RemoveStale removes the temporary files that writes to path left behind
// when their process was killed between creating and renaming them (the
// hidden .NAME.tmpNNN files beside path), if they are older than a minute,
// and returns how many it removed. Call it before writing path again.
func RemoveStale(path string) int {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".tmp*"))
	n := 0
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleAfter && os.Remove(m) == nil {
			n++
		}
	}
	return n
}

// globEscape quotes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
