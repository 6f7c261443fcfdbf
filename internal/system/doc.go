// Package system reports the status of this DBackup instance: its version, when it started, and
// the state of its configuration database. The dashboard, /healthz and the GraphQL systemStatus
// field all read it from here.
package system
