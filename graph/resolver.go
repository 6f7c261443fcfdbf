// Package graph holds DBackup's GraphQL resolvers. Resolvers stay thin: they validate input,
// authorize, and call a domain service from internal/. The schema lives in graph/schema by domain;
// graph/generated is written by gqlgen and never edited by hand.
package graph

import (
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/notification"
	"github.com/dbackup/dbackup/internal/prune"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/systask"
	"github.com/dbackup/dbackup/internal/system"
)

// Resolver is the root resolver; it carries the services the resolvers call.
type Resolver struct {
	Client *ent.Client
	// Accounts signs users in and manages users, sessions and API keys.
	Accounts *account.Service
	System   *system.Service
	// Catalog manages sources, destinations, encryption profiles and jobs.
	Catalog *catalog.Service
	// Executions runs backups and restores and records them.
	Executions *execution.Service
	// Inventory lists, verifies and deletes what destinations store.
	Inventory *inventory.Service
	// Notifications sends test messages and notifies about runs and events.
	Notifications *notification.Service
	// Prune previews and applies retention.
	Prune *prune.Service
	// Links makes one-time download links.
	Links *downloadlink.Service
	// BaseURL is BASE_URL, to make links absolute; empty when not configured.
	BaseURL string
	// SSOAutoRedirect is SSO_AUTO_REDIRECT: the id or name of the provider the sign-in page
	// goes to at once; empty shows the page.
	SSOAutoRedirect string
	// Keys is the system key (ENCRYPTION_KEY) of the database.
	Keys *syskey.Service
	// StatusInterval is how often the systemStatus subscription sends a fresh status.
	StatusInterval time.Duration
	// SystemTasks runs DBackup's own backups: Config Backup and System Backup.
	SystemTasks *systask.Service
}
