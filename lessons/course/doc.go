// Package course is what every lesson notebook shares: loading MNIST,
// training a model once and keeping it as a checkpoint (notebook cells run
// in separate processes, so a model passes from cell to cell through a
// file), and the live progress line a training cell shows.
package course
