// Package throttle slows down password guessing at sign-in, per client IP and per account.
//
// Sign-in asks Allow(ip, account, now) before checking the password, then reports the outcome
// with Fail(account, now) or Succeed(account). Three limits apply:
//
//   - Per IP, 20 attempts a minute (a token bucket from golang.org/x/time/rate): one client
//     cannot spray guesses over many accounts. IPv6 addresses count per /64, the block one
//     subscriber gets, so that rotating through it does not help.
//   - Per account, 5 attempts per 15 minutes (a token bucket): counted when Allow says yes,
//     before the slow password check, so that parallel requests cannot slip extra guesses in.
//   - Per account, exponential backoff: after 5 consecutive failures the account is locked
//     for 15 minutes, and every further failure doubles that, up to an hour. A success
//     (Succeed) clears the account's record, so a user who finally types the password right
//     starts afresh; failures are forgotten after a day without one.
//
// A refused Allow returns how long to wait, rounded up to whole seconds for the Retry-After
// header. Pass account "" for requests with no account (an API key, say): only the IP limit
// applies.
//
// State lives in memory, in two size-bounded LRU maps (github.com/hashicorp/golang-lru/v2),
// so that a flood of made-up names or addresses cannot grow it without bound; the least
// recently seen entries are forgotten first. Time is always passed in, never read, so tests
// pin it. A Throttle is safe for concurrent use.
//
// The per-account lock is also a way for anyone to keep one user from signing in with a
// password for up to an hour at a time; that is the usual price of stopping guessing, and SSO,
// API keys and existing sessions are not affected.
package throttle
