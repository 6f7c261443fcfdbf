package perm

import (
	"errors"
	"fmt"
	"strings"
)

// AdminsGroup is the name of the built-in group whose members hold every permission. It is
// created at first start and cannot be deleted or emptied of its last member.
const AdminsGroup = "Admins"

// Permission is one thing a viewer may do, written "<area>:<action>".
type Permission string

// The permissions, in the order All returns them. The order is part of the Set encoding (each
// permission is one bit), so append new permissions at the end of their area and never reuse
// a removed name for something else.
const (
	SourcesRead  Permission = "sources:read"
	SourcesWrite Permission = "sources:write"

	DestinationsRead  Permission = "destinations:read"
	DestinationsWrite Permission = "destinations:write"

	JobsRead  Permission = "jobs:read"
	JobsWrite Permission = "jobs:write"
	JobsRun   Permission = "jobs:run"

	HistoryRead Permission = "history:read"

	StorageRead     Permission = "storage:read"
	StorageDownload Permission = "storage:download"
	StorageDelete   Permission = "storage:delete"
	StorageRestore  Permission = "storage:restore"

	VaultRead   Permission = "vault:read"
	VaultWrite  Permission = "vault:write"
	VaultReveal Permission = "vault:reveal"

	NotificationsRead  Permission = "notifications:read"
	NotificationsWrite Permission = "notifications:write"

	UsersRead  Permission = "users:read"
	UsersWrite Permission = "users:write"

	GroupsRead  Permission = "groups:read"
	GroupsWrite Permission = "groups:write"

	SSORead  Permission = "sso:read"
	SSOWrite Permission = "sso:write"

	APIKeysRead  Permission = "apikeys:read"
	APIKeysWrite Permission = "apikeys:write"

	SettingsRead  Permission = "settings:read"
	SettingsWrite Permission = "settings:write"

	AuditRead Permission = "audit:read"
)

// all lists every permission; a permission's index is its bit in a Set.
var all = [...]Permission{
	SourcesRead, SourcesWrite,
	DestinationsRead, DestinationsWrite,
	JobsRead, JobsWrite, JobsRun,
	HistoryRead,
	StorageRead, StorageDownload, StorageDelete, StorageRestore,
	VaultRead, VaultWrite, VaultReveal,
	NotificationsRead, NotificationsWrite,
	UsersRead, UsersWrite,
	GroupsRead, GroupsWrite,
	SSORead, SSOWrite,
	APIKeysRead, APIKeysWrite,
	SettingsRead, SettingsWrite,
	AuditRead,
}

// bit maps each permission to its index in all.
var bit = func() map[Permission]uint {
	m := make(map[Permission]uint, len(all))
	for i, p := range all {
		m[p] = uint(i)
	}
	return m
}()

// ErrUnknownPermission is returned by Parse and ParseSet for a name that is not a permission.
var ErrUnknownPermission = errors.New("unknown permission")

// All returns every permission, grouped by area. The slice is a fresh copy.
func All() []Permission { return append([]Permission(nil), all[:]...) }

// Valid reports whether p is one of the permissions All returns.
func (p Permission) Valid() bool {
	_, ok := bit[p]
	return ok
}

// String returns the permission's name, for example "jobs:run".
func (p Permission) String() string { return string(p) }

// Parse returns the permission named s. Names are exact and case-sensitive; an unknown name
// fails with ErrUnknownPermission and a message listing the valid names.
func Parse(s string) (Permission, error) {
	if p := Permission(s); p.Valid() {
		return p, nil
	}
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = string(p)
	}
	return "", fmt.Errorf("%w %q: valid permissions are %s", ErrUnknownPermission, s, strings.Join(names, ", "))
}
