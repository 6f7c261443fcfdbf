package throttle

import (
	"net/netip"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"
)

// Throttle tracks sign-in attempts. Create it with New.
type Throttle struct {
	cfg      Config
	mu       sync.Mutex // guards both maps and everything in them
	ips      *simplelru.LRU[string, *rate.Limiter]
	accounts *simplelru.LRU[string, *accountState]
}

// accountState is what is known about one account's recent attempts.
type accountState struct {
	attempts    *rate.Limiter
	failures    int       // consecutive, since the last success
	lastFailure time.Time // when failures last grew
	lockedUntil time.Time // no attempt before this
}

// New returns a Throttle with cfg's limits (zero fields take the defaults).
func New(cfg Config) (*Throttle, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	ips, err := simplelru.NewLRU[string, *rate.Limiter](cfg.MaxEntries, nil)
	if err != nil {
		return nil, err
	}
	accounts, err := simplelru.NewLRU[string, *accountState](cfg.MaxEntries, nil)
	if err != nil {
		return nil, err
	}
	return &Throttle{cfg: cfg, ips: ips, accounts: accounts}, nil
}

// Allow reports whether a sign-in attempt for account from ip may go ahead at now, and if not,
// how long to wait. A yes counts as an attempt against both limits. account "" skips the
// account limits.
func (t *Throttle) Allow(ip, account string, now time.Time) (ok bool, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()

	ipLim := t.ipLimiter(clientKey(ip))
	wait := untilToken(ipLim, now)
	var acct *accountState
	if account != "" {
		acct = t.accountFor(account, now)
		wait = max(wait, untilToken(acct.attempts, now))
		if now.Before(acct.lockedUntil) {
			wait = max(wait, acct.lockedUntil.Sub(now))
		}
	}
	if wait > 0 {
		return false, roundUp(wait)
	}
	ipLim.AllowN(now, 1)
	if acct != nil {
		acct.attempts.AllowN(now, 1)
	}
	return true, 0
}

// Fail records a wrong password for account at now. From the AccountAttempts-th consecutive
// failure on, the account is locked for AccountWindow, doubled for each further failure, up to
// MaxLockout.
func (t *Throttle) Fail(account string, now time.Time) {
	if account == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.accountFor(account, now)
	a.failures++
	a.lastFailure = now
	if over := a.failures - t.cfg.AccountAttempts; over >= 0 {
		a.lockedUntil = later(a.lockedUntil, now.Add(t.lockout(over)))
	}
}

// Succeed forgets account's attempts and failures after a successful sign-in.
func (t *Throttle) Succeed(account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.accounts.Remove(account)
}

// lockout returns the lock after over failures beyond the allowance: AccountWindow · 2^over,
// at most MaxLockout.
func (t *Throttle) lockout(over int) time.Duration {
	d := t.cfg.AccountWindow
	for range over {
		if d >= t.cfg.MaxLockout {
			break
		}
		d *= 2
	}
	return min(d, t.cfg.MaxLockout)
}

// accountFor returns the state of account name, creating it, and forgetting failures older
// than failureMemory.
func (t *Throttle) accountFor(name string, now time.Time) *accountState {
	a, ok := t.accounts.Get(name)
	if !ok {
		per := t.cfg.AccountWindow / time.Duration(t.cfg.AccountAttempts)
		a = &accountState{attempts: rate.NewLimiter(rate.Every(per), t.cfg.AccountAttempts)}
		t.accounts.Add(name, a)
	}
	if a.failures > 0 && now.Sub(a.lastFailure) > failureMemory {
		a.failures = 0
	}
	return a
}

// ipLimiter returns the limiter of client key, creating it.
func (t *Throttle) ipLimiter(key string) *rate.Limiter {
	lim, ok := t.ips.Get(key)
	if !ok {
		per := t.cfg.IPWindow / time.Duration(t.cfg.IPAttempts)
		lim = rate.NewLimiter(rate.Every(per), t.cfg.IPAttempts)
		t.ips.Add(key, lim)
	}
	return lim
}

// clientKey returns the key ip is limited under: an IPv4 address, or an IPv6 address's /64.
// Anything that does not parse is used as it is.
func clientKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr, ipv6PrefixBits).Masked().String()
}

// untilToken returns how long until lim has a whole token at or after now; 0 if it has one.
func untilToken(lim *rate.Limiter, now time.Time) time.Duration {
	missing := 1 - lim.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	d := time.Duration(missing / float64(lim.Limit()) * float64(time.Second))
	// Drop float noise before roundUp, but never report "no wait" for a missing token.
	return max(d.Round(time.Millisecond), time.Millisecond)
}

// roundUp rounds d up to retryGranularity.
func roundUp(d time.Duration) time.Duration {
	if r := d % retryGranularity; r != 0 {
		d += retryGranularity - r
	}
	return d
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
