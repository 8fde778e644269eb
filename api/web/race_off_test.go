//go:build !race

package web

// raceDetector is true in a -race build, which runs this package's Go code
// (bcrypt, and the pure-Go SQLite driver) several times slower.
const raceDetector = false
