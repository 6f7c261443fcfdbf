package throttle

import (
	"errors"
	"fmt"
	"time"
)

// Defaults follow the OWASP Authentication Cheat Sheet ("Protect against automated attacks":
// lock out after a few failures for a limited time, with an increasing delay) and NIST SP
// 800-63B-4 §3.2.2, which caps consecutive failures per account at 100 and favours delays
// over permanent lockout.
const (
	// DefaultAccountAttempts per DefaultAccountWindow for one account: enough for a user who
	// mistypes a few times, and no more than 480 guesses a day for an attacker before backoff.
	DefaultAccountAttempts = 5
	// DefaultAccountWindow is the window of DefaultAccountAttempts, and the first lock.
	DefaultAccountWindow = 15 * time.Minute
	// DefaultIPAttempts per DefaultIPWindow from one client: a shared office address signs in
	// several people at once, a script spraying many accounts stays slow.
	DefaultIPAttempts = 20
	// DefaultIPWindow is the window of DefaultIPAttempts.
	DefaultIPWindow = time.Minute
	// DefaultMaxLockout caps the backoff: one guess an hour is useless to an attacker, and a
	// locked-out user never waits longer than that.
	DefaultMaxLockout = time.Hour
	// DefaultMaxEntries bounds each of the two maps (accounts, IPs): a few hundred bytes an
	// entry, a few MB in all, and far more accounts and clients than a self-hosted instance
	// sees in a day.
	DefaultMaxEntries = 10_000
)

// failureMemory is how long an account's consecutive failures are remembered without a new
// one: a user who mistyped last week does not start locked out, while an attacker who pauses
// for less than a day keeps the backoff they earned.
const failureMemory = 24 * time.Hour

// retryGranularity is what retry-after durations are rounded up to: HTTP's Retry-After is in
// whole seconds, and rounding up means a client that waits that long is let in.
const retryGranularity = time.Second

// ipv6PrefixBits is how much of an IPv6 address names one client: a /64 is the smallest block
// an ISP or cloud host assigns, and anyone holding one can use all 2^64 addresses in it.
const ipv6PrefixBits = 64

// ErrInvalidConfig is returned by Config.Validate and New.
var ErrInvalidConfig = errors.New("invalid throttle config")

// Config sets the limits. Zero fields take the defaults above.
type Config struct {
	AccountAttempts int
	AccountWindow   time.Duration
	IPAttempts      int
	IPWindow        time.Duration
	MaxLockout      time.Duration
	MaxEntries      int
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	set := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	set(&c.AccountAttempts, DefaultAccountAttempts)
	setD(&c.AccountWindow, DefaultAccountWindow)
	set(&c.IPAttempts, DefaultIPAttempts)
	setD(&c.IPWindow, DefaultIPWindow)
	setD(&c.MaxLockout, DefaultMaxLockout)
	set(&c.MaxEntries, DefaultMaxEntries)
	return c
}

// Validate checks c after defaults: every value positive, and the longest lock no shorter
// than the first.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.AccountAttempts < 0 || c.IPAttempts < 0 || c.MaxEntries < 0:
		return fmt.Errorf("%w: attempts and entries must be positive", ErrInvalidConfig)
	case c.AccountWindow < 0 || c.IPWindow < 0 || c.MaxLockout < 0:
		return fmt.Errorf("%w: windows and lockout must be positive", ErrInvalidConfig)
	case c.MaxLockout < c.AccountWindow:
		return fmt.Errorf("%w: max lockout %v is shorter than the account window %v", ErrInvalidConfig, c.MaxLockout, c.AccountWindow)
	}
	return nil
}
