// Package notebooks holds the course notebooks. Its tests run each of them
// headlessly through the GoNB kernel of this checkout (see package kernel),
// three ways (see exercises_test.go), and fail on errors, panics, non-zero
// exits, missing expected outputs and checks that give the wrong verdict.
package notebooks
