package syskey

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/internal/viewer"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/dbackup/dbackup/internal/vault"
)

// State is the system key's state.
type State string

// The states; see graph/schema/vault.graphqls.
const (
	StateOK        State = "OK"
	StateMismatch  State = "MISMATCH"
	StateRotating  State = "ROTATING"
	StateGenerated State = "GENERATED"
)

// MarshalGQL writes the state as its GraphQL enum value.
func (s State) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a GraphQL enum value.
func (s *State) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	switch State(str) {
	case StateOK, StateMismatch, StateRotating, StateGenerated:
		*s = State(str)
		return nil
	}
	return fmt.Errorf("EncryptionKeyState %v: want OK, MISMATCH, ROTATING or GENERATED", v)
}

// Progress counts secrets under the primary key against all secrets.
type Progress struct{ Done, Total int }

// KeyCount counts the secrets sealed with one key.
type KeyCount struct {
	KeyID  string
	Count  int
	Loaded bool
}

// Status is the system key's state with its figures.
type Status struct {
	State                State
	KeyID                string
	ExpectedKeyID        *string // set when it differs from KeyID
	PreviousKeyIDs       []string
	UndecryptableSecrets int
	SealedValues         []KeyCount
	Rotation             *Progress
	Message              string
}

// state derives the state from the key check and the loaded keys.
func (s *Service) state() State {
	kr := s.keys.Keyring
	switch {
	case s.expected != kr.PrimaryID() && !kr.Has(s.expected):
		return StateMismatch
	case s.expected != kr.PrimaryID() || s.rotation != nil:
		return StateRotating
	case s.keys.Generated:
		return StateGenerated
	}
	return StateOK
}

// Status returns the current status, recomputed at most every statusTTL.
func (s *Service) Status(ctx context.Context) (Status, error) {
	ctx = viewer.Privileged(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cached != nil && s.now().Sub(s.cachedAt) < statusTTL {
		return *s.cached, nil
	}
	st, err := s.compute(ctx)
	if err != nil {
		return Status{}, err
	}
	s.cached, s.cachedAt = &st, s.now()
	return st, nil
}

// invalidate drops the cached status after a change.
func (s *Service) invalidate() {
	s.mu.Lock()
	s.cached = nil
	s.mu.Unlock()
}

func (s *Service) compute(ctx context.Context) (Status, error) {
	kr := s.keys.Keyring
	st := Status{State: s.state(), KeyID: kr.PrimaryID(), PreviousKeyIDs: kr.KeyIDs()[1:]}
	if s.expected != kr.PrimaryID() {
		expected := s.expected
		st.ExpectedKeyID = &expected
	}
	counts := map[string]int{}
	total := 0
	err := scan(ctx, s.client, s.dialect, func(v value) error {
		total++
		if sv, err := vault.Parse(v.Sealed); err == nil {
			counts[sv.KeyID]++
		} else {
			counts["malformed"]++
		}
		if _, err := kr.Open(v.Sealed, place(v)); err != nil {
			st.UndecryptableSecrets++
		}
		return nil
	})
	if err != nil {
		return Status{}, err
	}
	for kid, n := range counts {
		st.SealedValues = append(st.SealedValues, KeyCount{KeyID: kid, Count: n, Loaded: kr.Has(kid)})
	}
	slices.SortFunc(st.SealedValues, func(a, b KeyCount) int { return strings.Compare(a.KeyID, b.KeyID) })
	if st.State == StateRotating {
		st.Rotation = &Progress{Done: counts[kr.PrimaryID()], Total: total}
	}
	st.Message = s.message(st)
	return st, nil
}

func (s *Service) message(st Status) string {
	switch st.State {
	case StateMismatch:
		return fmt.Sprintf("The loaded ENCRYPTION_KEY (key id %s) is not the key this database's secrets were sealed with (key id %s); %d stored secrets cannot be opened. Restart with the original key, or re-enter the secrets (or forget them on the Vault page).", st.KeyID, s.expected, st.UndecryptableSecrets)
	case StateRotating:
		return fmt.Sprintf("Re-sealing stored secrets under the new key %s; keep the previous key loaded (ENCRYPTION_KEY_PREVIOUS) until this finishes.", st.KeyID)
	case StateGenerated:
		return fmt.Sprintf("DBackup generated its encryption key (key id %s) at first start into %s. Copy it into a password manager and set ENCRYPTION_KEY or ENCRYPTION_KEY_FILE: without it, a lost data folder loses every stored credential.", st.KeyID, s.keys.Source)
	}
	if st.UndecryptableSecrets > 0 {
		return fmt.Sprintf("%d stored secrets cannot be opened (damaged or sealed for another row); re-enter them or forget them on the Vault page.", st.UndecryptableSecrets)
	}
	return "The loaded encryption key opens every stored secret."
}

func place(v value) vault.Place {
	return vault.Place{Table: v.Table, Column: v.Column, RowID: v.ID}
}

// entDriver wraps db for ent.
func entDriver(db *sql.DB, dialect string) *entsql.Driver { return entsql.OpenDB(dialect, db) }
