//go:build !race

package marking_test

// raceDetector is true in a -race build, which runs the grid on a sample.
const raceDetector = false
