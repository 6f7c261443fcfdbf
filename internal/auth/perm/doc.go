// Package perm defines DBackup's permissions and the Set type that groups, users and API key
// scopes are expressed in.
//
// A Permission is "<area>:<action>", for example "jobs:run". The list is closed: All returns
// every permission, Parse accepts only those, and a Set can hold only those. Members of the
// AdminsGroup group hold every permission.
//
// A Set is a small immutable value (a bit set), safe to copy, compare with == and share between
// goroutines. Its zero value is the empty set, which allows nothing. An API key's scopes must
// satisfy scopes.IsSubsetOf(owner), so that a key can never do more than the user who made it.
package perm
