package configbackup

import (
	"encoding/json"
	"fmt"

	entdest "github.com/dbackup/dbackup/ent/destination"
	entjob "github.com/dbackup/dbackup/ent/job"
	entchannel "github.com/dbackup/dbackup/ent/notificationchannel"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/schedule"
)

// validateValues checks the values the database would refuse or a run would trip over, so that
// such a document is refused by Parse naming the item rather than half-way through Apply.
func (it *Items) validateValues() error {
	bad := func(kind, name, format string, a ...any) error {
		return &ItemError{Kind: kind, Name: name, Msg: fmt.Sprintf(format, a...)}
	}
	for _, s := range it.Sources {
		if entsource.EngineValidator(entsource.Engine(s.Engine)) != nil {
			return bad(KindSource, s.Name, "unknown engine %q", s.Engine)
		}
		if entsource.TLSModeValidator(entsource.TLSMode(s.TLSMode)) != nil {
			return bad(KindSource, s.Name, "unknown tlsMode %q", s.TLSMode)
		}
	}
	for _, d := range it.Destinations {
		if entdest.KindValidator(entdest.Kind(d.Kind)) != nil {
			return bad(KindDestination, d.Name, "unknown kind %q", d.Kind)
		}
	}
	for _, p := range it.EncryptionProfiles {
		if p.KeyID == "" {
			return bad(KindEncryptionProfile, p.Name, "has no keyId")
		}
	}
	for _, c := range it.NotificationChannels {
		if entchannel.KindValidator(entchannel.Kind(c.Kind)) != nil {
			return bad(KindNotificationChannel, c.Name, "unknown kind %q", c.Kind)
		}
	}
	for _, p := range it.SSOProviders {
		if p.IssuerURL == "" || p.ClientID == "" {
			return bad(KindSSOProvider, p.Name, "needs issuerUrl and clientId")
		}
	}
	for _, g := range it.Groups {
		if _, err := perm.ParseSet(g.Permissions); err != nil {
			return bad(KindGroup, g.Name, "%v", err)
		}
		if g.Builtin != (g.Name == perm.AdminsGroup) {
			return bad(KindGroup, g.Name, "only the %s group is built in", perm.AdminsGroup)
		}
	}
	for _, u := range it.Users {
		if err := account.ValidateUsername(u.Username); err != nil || account.NormalizeUsername(u.Username) != u.Username {
			return bad(KindUser, u.Username, "invalid username")
		}
	}
	for _, j := range it.Jobs {
		if entjob.CompressionValidator(entjob.Compression(j.Compression)) != nil {
			return bad(KindJob, j.Name, "unknown compression %q", j.Compression)
		}
		if entjob.CatchUpValidator(entjob.CatchUp(j.CatchUp)) != nil {
			return bad(KindJob, j.Name, "unknown catchUp %q", j.CatchUp)
		}
		if j.Timezone == "" {
			return bad(KindJob, j.Name, "has no timezone")
		}
		expr := j.Schedule
		if expr == "" {
			expr = "@daily" // validates the time zone alone
		}
		if _, err := schedule.Parse(expr, j.Timezone); err != nil {
			return bad(KindJob, j.Name, "schedule: %v", err)
		}
	}
	for _, s := range it.Settings {
		if !json.Valid([]byte(s.Value)) {
			return bad(KindSetting, s.Key, "value is not JSON")
		}
	}
	return nil
}
