package throttle

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// t0 is the fake clock's start.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newThrottle(t *testing.T, cfg Config) *Throttle {
	t.Helper()
	th, err := New(cfg)
	require.NoError(t, err)
	return th
}

func TestAccountAttemptsPerWindow(t *testing.T) {
	th := newThrottle(t, Config{})
	for i := range DefaultAccountAttempts {
		ok, wait := th.Allow(fmt.Sprintf("10.0.0.%d", i), "alice", t0)
		require.True(t, ok, "attempt %d", i+1)
		require.Zero(t, wait)
	}
	ok, wait := th.Allow("10.0.1.1", "alice", t0)
	require.False(t, ok, "the 6th attempt inside the window, even from another IP")
	require.Equal(t, DefaultAccountWindow/DefaultAccountAttempts, wait, "one attempt comes back every 3 minutes")

	ok, _ = th.Allow("10.0.1.1", "alice", t0.Add(wait-time.Second))
	require.False(t, ok, "not before retry-after")
	ok, _ = th.Allow("10.0.1.1", "alice", t0.Add(wait))
	require.True(t, ok, "at retry-after")

	ok, _ = th.Allow("10.0.1.1", "bob", t0)
	require.True(t, ok, "other accounts are not affected")
}

func TestRefusedAttemptsDoNotCount(t *testing.T) {
	th := newThrottle(t, Config{})
	for range DefaultAccountAttempts {
		ok, _ := th.Allow("10.0.0.1", "alice", t0)
		require.True(t, ok)
	}
	for range 100 {
		ok, _ := th.Allow("10.0.0.1", "alice", t0.Add(time.Minute))
		require.False(t, ok)
	}
	ok, _ := th.Allow("10.0.0.1", "alice", t0.Add(3*time.Minute))
	require.True(t, ok, "hammering while refused does not push retry-after back")
}

func TestIPAttemptsPerWindow(t *testing.T) {
	th := newThrottle(t, Config{})
	for i := range DefaultIPAttempts {
		ok, _ := th.Allow("192.0.2.7", fmt.Sprintf("user%d", i), t0)
		require.True(t, ok, "attempt %d", i+1)
	}
	ok, wait := th.Allow("192.0.2.7", "user-new", t0)
	require.False(t, ok, "the 21st attempt from one IP inside a minute")
	require.Equal(t, 3*time.Second, wait, "one attempt comes back every 3 seconds")

	ok, _ = th.Allow("192.0.2.8", "user-new", t0)
	require.True(t, ok, "other IPs are not affected")

	ok, _ = th.Allow("192.0.2.7", "user-new", t0.Add(DefaultIPWindow))
	require.True(t, ok, "a minute later")
}

func TestNoAccountOnlyLimitsTheIP(t *testing.T) {
	th := newThrottle(t, Config{})
	for range DefaultIPAttempts {
		ok, _ := th.Allow("192.0.2.7", "", t0)
		require.True(t, ok)
	}
	ok, wait := th.Allow("192.0.2.7", "", t0)
	require.False(t, ok)
	require.Equal(t, 3*time.Second, wait)
	th.Fail("", t0) // a no-op
	require.Zero(t, th.accounts.Len())
}

func TestExponentialBackoff(t *testing.T) {
	th := newThrottle(t, Config{})
	now := t0
	attempt := func() (bool, time.Duration) { return th.Allow("10.0.0.1", "alice", now) }

	for i := range DefaultAccountAttempts - 1 {
		ok, _ := attempt()
		require.True(t, ok, i)
		th.Fail("alice", now)
	}
	ok, _ := attempt()
	require.True(t, ok)
	th.Fail("alice", now) // the 5th consecutive failure locks

	for _, want := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, time.Hour, time.Hour} {
		ok, wait := attempt()
		require.False(t, ok)
		require.Equal(t, want, wait)
		ok, _ = th.Allow("10.0.0.1", "alice", now.Add(wait-time.Second))
		require.False(t, ok)
		now = now.Add(wait)
		ok, _ = attempt()
		require.True(t, ok, "after %v", want)
		th.Fail("alice", now)
	}
}

func TestSucceedResetsTheAccount(t *testing.T) {
	th := newThrottle(t, Config{})
	for range DefaultAccountAttempts {
		ok, _ := th.Allow("10.0.0.1", "alice", t0)
		require.True(t, ok)
		th.Fail("alice", t0)
	}
	ok, _ := th.Allow("10.0.0.1", "alice", t0)
	require.False(t, ok)

	now := t0.Add(DefaultAccountWindow)
	ok, _ = th.Allow("10.0.0.1", "alice", now)
	require.True(t, ok)
	th.Succeed("alice")

	for i := range DefaultAccountAttempts {
		ok, _ := th.Allow("10.0.0.1", "alice", now)
		require.True(t, ok, "a fresh allowance after success, attempt %d", i+1)
		if i < DefaultAccountAttempts-1 {
			th.Fail("alice", now)
		}
	}
	th.Fail("alice", now)
	ok, wait := th.Allow("10.0.0.1", "alice", now)
	require.False(t, ok)
	require.Equal(t, DefaultAccountWindow, wait, "backoff starts over at the first step")
}

func TestFailuresAreForgottenAfterADay(t *testing.T) {
	th := newThrottle(t, Config{})
	for range DefaultAccountAttempts - 1 {
		ok, _ := th.Allow("10.0.0.1", "alice", t0)
		require.True(t, ok)
		th.Fail("alice", t0)
	}
	later := t0.Add(failureMemory + time.Second)
	ok, _ := th.Allow("10.0.0.1", "alice", later)
	require.True(t, ok)
	th.Fail("alice", later)
	ok, _ = th.Allow("10.0.0.1", "alice", later)
	require.True(t, ok, "one failure today, not five")
}

func TestIPv6CountsPer64(t *testing.T) {
	th := newThrottle(t, Config{IPAttempts: 2})
	for _, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9"} {
		ok, _ := th.Allow(ip, "", t0)
		require.True(t, ok, ip)
	}
	ok, _ := th.Allow("2001:db8:1:2:abcd::1", "", t0)
	require.False(t, ok, "the same /64")
	ok, _ = th.Allow("2001:db8:1:3::1", "", t0)
	require.True(t, ok, "the next /64")
}

func TestClientKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8::1", "2001:db8::/64"},
		{"2001:db8:0:0:ffff:ffff:ffff:ffff", "2001:db8::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"not an ip", "not an ip"},
		{"", ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, clientKey(tt.in), tt.in)
	}
}

func TestMapsAreBounded(t *testing.T) {
	th := newThrottle(t, Config{MaxEntries: 3})
	for i := range 10 {
		th.Allow(fmt.Sprintf("10.0.0.%d", i), fmt.Sprintf("user%d", i), t0)
		th.Fail(fmt.Sprintf("user%d", i), t0)
	}
	require.Equal(t, 3, th.ips.Len())
	require.Equal(t, 3, th.accounts.Len())
}

func TestCustomConfig(t *testing.T) {
	th := newThrottle(t, Config{AccountAttempts: 2, AccountWindow: time.Minute, MaxLockout: 3 * time.Minute})
	for range 2 {
		ok, _ := th.Allow("10.0.0.1", "alice", t0)
		require.True(t, ok)
		th.Fail("alice", t0)
	}
	ok, wait := th.Allow("10.0.0.1", "alice", t0)
	require.False(t, ok)
	require.Equal(t, time.Minute, wait)
	require.Equal(t, 3*time.Minute, th.lockout(5), "capped")
}

func TestRetryAfterIsWholeSeconds(t *testing.T) {
	th := newThrottle(t, Config{IPAttempts: 3, IPWindow: 10 * time.Second})
	for range 3 {
		th.Allow("10.0.0.1", "", t0)
	}
	_, wait := th.Allow("10.0.0.1", "", t0.Add(1500*time.Millisecond))
	require.Equal(t, 2*time.Second, wait, "1.833 s rounds up")
	ok, _ := th.Allow("10.0.0.1", "", t0.Add(1500*time.Millisecond+wait))
	require.True(t, ok, "waiting retry-after is enough")
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"zero takes defaults", Config{}, true},
		{"custom", Config{AccountAttempts: 3, AccountWindow: time.Minute, MaxLockout: time.Minute}, true},
		{"negative attempts", Config{AccountAttempts: -1}, false},
		{"negative window", Config{IPWindow: -time.Second}, false},
		{"negative entries", Config{MaxEntries: -1}, false},
		{"lockout shorter than window", Config{MaxLockout: time.Minute}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			_, newErr := New(tt.cfg)
			if tt.ok {
				require.NoError(t, err)
				require.NoError(t, newErr)
				return
			}
			require.ErrorIs(t, err, ErrInvalidConfig)
			require.ErrorIs(t, newErr, ErrInvalidConfig)
		})
	}
}

func TestConcurrentAttemptsCannotExceedTheAllowance(t *testing.T) {
	th := newThrottle(t, Config{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for i := range 200 {
		wg.Go(func() {
			ok, _ := th.Allow(fmt.Sprintf("10.0.%d.%d", i/100, i%100), "alice", t0)
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Equal(t, DefaultAccountAttempts, allowed)
}
