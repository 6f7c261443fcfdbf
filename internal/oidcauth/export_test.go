package oidcauth

import "time"

// SetNow pins f's clock, for tests of the state's and the ID token's expiry.
func (f *Flow) SetNow(now func() time.Time) { f.now = now }
