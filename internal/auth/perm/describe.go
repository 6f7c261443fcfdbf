package perm

import "strings"

// descriptions says in one sentence what each permission allows, for the permission picker.
var descriptions = map[Permission]string{
	SourcesRead:        "See sources and their connection settings (never their passwords).",
	SourcesWrite:       "Create, change, test and delete sources.",
	DestinationsRead:   "See destinations and their settings (never their credentials).",
	DestinationsWrite:  "Create, change, test and delete destinations.",
	JobsRead:           "See jobs, their schedules and settings.",
	JobsWrite:          "Create, change and delete jobs.",
	JobsRun:            "Start and cancel job runs by hand.",
	HistoryRead:        "See past and running executions with their logs.",
	StorageRead:        "Browse the backups kept in destinations.",
	StorageDownload:    "Download backup files.",
	StorageDelete:      "Delete backup files from destinations.",
	StorageRestore:     "Restore a backup into a database.",
	VaultRead:          "See encryption profiles and the system key's state.",
	VaultWrite:         "Create, import, rename and delete encryption profiles; forget undecryptable secrets.",
	VaultReveal:        "Reveal an encryption profile's key (audited).",
	NotificationsRead:  "See notification channels and rules.",
	NotificationsWrite: "Create, change and delete notification channels and rules.",
	UsersRead:          "See users, their groups and everyone's API keys.",
	UsersWrite:         "Create, change, disable and delete users; reset their password or two-factor sign-in.",
	GroupsRead:         "See groups and their permissions.",
	GroupsWrite:        "Create, change and delete groups and their members.",
	SSORead:            "See single sign-on providers.",
	SSOWrite:           "Create, change and delete single sign-on providers.",
	APIKeysRead:        "See your own API keys.",
	APIKeysWrite:       "Create and revoke your own API keys.",
	SettingsRead:       "See instance-wide settings.",
	SettingsWrite:      "Change instance-wide settings, such as the audit log retention.",
	AuditRead:          "Read the audit log.",
}

// Description says what p allows, in one sentence.
func (p Permission) Description() string { return descriptions[p] }

// Area is the part of p before the colon, such as "jobs".
func (p Permission) Area() string {
	area, _, _ := strings.Cut(string(p), ":")
	return area
}
