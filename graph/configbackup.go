package graph

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/systask"
	"github.com/dbackup/dbackup/internal/vault"
)

// minPassphrase is the shortest passphrase an export accepts: Argon2id slows guessing, but a
// short passphrase would still fall to a dictionary.
const minPassphrase = 12

// errShortPassphrase refuses a passphrase under minPassphrase characters.
var errShortPassphrase = errors.New("the passphrase must have at least 12 characters")

func checkPassphrase(p vault.Secret) error {
	if utf8.RuneCountInString(p.Reveal()) < minPassphrase {
		return &FieldError{Field: "passphrase", Err: errShortPassphrase}
	}
	return nil
}

// parseError names the input field a refused document is about: the passphrase when the
// envelope did not open, else the document itself (content, or the stored backup's id).
func parseError(err error, docField string) error {
	switch {
	case errors.Is(err, configbackup.ErrOpen), errors.Is(err, configbackup.ErrPassphraseRequired):
		return &FieldError{Field: "passphrase", Err: err}
	case errors.Is(err, configbackup.ErrFormat), errors.Is(err, configbackup.ErrInvalid),
		errors.Is(err, configbackup.ErrFutureVersion), errors.Is(err, configbackup.ErrProfileKeyRequired):
		return &FieldError{Field: docField, Err: err}
	}
	return err
}

// importDocument plans or applies a parsed document. Apply writes in one transaction; secrets
// are sealed under the current ENCRYPTION_KEY by the ent hooks.
func (r *mutationResolver) importDocument(ctx context.Context, doc *configbackup.Document, policy model.ConfigImportPolicy, dryRun bool) (*model.ConfigImportPlan, error) {
	p := configbackup.Policy(strings.ToLower(string(policy)))
	if err := p.Validate(); err != nil {
		return nil, &FieldError{Field: "policy", Err: err}
	}
	var plan configbackup.Plan
	var err error
	if dryRun {
		plan, err = configbackup.PlanImport(ctx, r.Client, doc, p)
	} else {
		plan, err = configbackup.Apply(ctx, r.Client, doc, p)
	}
	if err != nil {
		return nil, parseError(err, "content")
	}
	out := &model.ConfigImportPlan{Applied: !dryRun, Changes: []model.ConfigChange{}, Warnings: plan.Warnings}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, ch := range plan.Changes {
		c := model.ConfigChange{Kind: ch.Kind, Name: ch.Name, Action: model.ConfigChangeAction(strings.ToUpper(ch.Action)), Detail: ch.Detail}
		if ch.NewName != "" {
			c.NewName = &ch.NewName
		}
		out.Changes = append(out.Changes, c)
	}
	return out, nil
}

// systemTask loads a task with its destination and profile, as far as the viewer may see them.
func (r *Resolver) systemTask(ctx context.Context, k systask.Kind) (*model.SystemTask, error) {
	st, err := r.SystemTasks.Get(ctx, k)
	if err != nil {
		return nil, err
	}
	out := &model.SystemTask{Kind: model.SystemTaskKind(k), Enabled: st.Enabled, Schedule: st.Schedule, Timezone: st.Timezone,
		KeepLast: st.KeepLast, NextRunAt: st.NextRunAt, LastRun: systemTaskRun(st.LastRun), RestoreSteps: r.SystemTasks.RestoreSteps(k)}
	if st.DestinationID != "" {
		if out.Destination, err = visible(r.Client.Destination.Get(ctx, st.DestinationID)); err != nil {
			return nil, err
		}
	}
	if st.ProfileID != "" {
		if out.EncryptionProfile, err = visible(r.Client.EncryptionProfile.Get(ctx, st.ProfileID)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// visible is a row the viewer may read, nil for one that is gone or hidden from them.
func visible[T any](row *T, err error) (*T, error) {
	switch {
	case err == nil:
		return row, nil
	case ent.IsNotFound(err), errors.Is(err, authz.ErrUnauthenticated), errors.As(err, new(*authz.ForbiddenError)):
		return nil, nil
	}
	return nil, err
}

func systemTaskRun(r *systask.Run) *model.SystemTaskRun {
	if r == nil {
		return nil
	}
	out := &model.SystemTaskRun{Status: model.SystemTaskRunStatus(r.Status), StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Scheduled: r.Scheduled}
	if r.Error != "" {
		out.Error = &r.Error
	}
	if r.ObjectKey != "" {
		out.ObjectKey, out.Size = &r.ObjectKey, new(int(r.Size))
	}
	return out
}
