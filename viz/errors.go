package viz

import "errors"

// Sentinel errors wrapped by the errors viz returns; see the package doc.
var (
	// ErrEmpty reports missing data: no points, images, samples or values.
	ErrEmpty = errors.New("viz: empty data")
	// ErrLength reports slices whose lengths should agree but do not.
	ErrLength = errors.New("viz: length mismatch")
	// ErrNotSquare reports an image whose length is not side*side.
	ErrNotSquare = errors.New("viz: image length is not a square")
	// ErrNotFinite reports NaN or ±Inf in the data.
	ErrNotFinite = errors.New("viz: NaN or Inf in data")
	// ErrLogScale reports a value ≤ 0 that would go on a log axis.
	ErrLogScale = errors.New("viz: value ≤ 0 on a log axis")
	// ErrArgument reports any other unusable argument.
	ErrArgument = errors.New("viz: bad argument")
)
