//go:build race

package backup

// raceEnabled shrinks the heavy tests, which the race detector slows tenfold.
const raceEnabled = true
