package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/dbackup/dbackup/server"
)

// pauseEnv is a hidden test hook for the crash tests of `dbackup key rotate`: with
// DBACKUP_TEST_ROTATE_PAUSE=n the rotation prints "paused" on stderr after re-sealing n values,
// inside its open transaction, and waits there until a signal ends the process. It makes the
// point where a test kills the process deterministic.
const pauseEnv = "DBACKUP_TEST_ROTATE_PAUSE"

// pauseHook returns the syskey.ResealOptions.Checkpoint that pauseEnv asks for, or nil.
func pauseHook(ctx context.Context) (func(int), error) {
	v := os.Getenv(pauseEnv)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return nil, &server.ConfigError{Var: pauseEnv, Value: v, Err: errors.New("want a number of values, such as 10")}
	}
	paused := false
	return func(resealed int) {
		if resealed != n || paused {
			return
		}
		paused = true
		fmt.Fprintln(os.Stderr, "paused")
		// SIGINT or SIGTERM cancels ctx; the rotation's next statement then fails and the
		// transaction rolls back.
		<-ctx.Done()
	}, nil
}
