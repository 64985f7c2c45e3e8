package vae

import (
	"errors"
	"fmt"
)

// CheckpointError is the error Load and LoadExpect return for a file that
// exists but is not a usable checkpoint: truncated, corrupt, not a
// checkpoint, of a newer format, or of another model than expected. A
// caller that keeps checkpoints as a cache can test for it with errors.As
// and train again.
type CheckpointError struct {
	Path    string // the file
	Problem string // what is wrong, e.g. "the file is truncated: ..."
	Fix     string // what to do, e.g. "delete it and train again"
}

// Error reads "vae: checkpoint <path>: <problem>; <fix>".
func (e *CheckpointError) Error() string {
	return fmt.Sprintf("vae: checkpoint %s: %s; %s", e.Path, e.Problem, e.Fix)
}

// What to do about each kind of problem.
const (
	fixRetrain  = "delete it and train again (or restore a copy)"
	fixPath     = "check the path: it should name a file written by Model.Save"
	fixNewer    = "it was written by a newer govae: update github.com/vaelab/govae, or delete it and train again"
	fixMismatch = "delete it and train again with the expected settings, or load it with the settings it was saved with"
)

func truncated(format string, args ...any) *CheckpointError {
	return &CheckpointError{Problem: "the file is truncated (it was not written completely): " + fmt.Sprintf(format, args...), Fix: fixRetrain}
}

func corrupt(format string, args ...any) *CheckpointError {
	return &CheckpointError{Problem: "the file is corrupt: " + fmt.Sprintf(format, args...), Fix: fixRetrain}
}

// withPath names the file in a *CheckpointError and wraps other errors
// with it.
func withPath(err error, path string) error {
	var ce *CheckpointError
	if errors.As(err, &ce) {
		ce.Path = path
		return ce
	}
	return fmt.Errorf("vae: load checkpoint %s: %w", path, err)
}
