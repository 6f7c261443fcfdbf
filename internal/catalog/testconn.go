package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/dbackup/dbackup/ent"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// CodeKeyMismatch is the TestError code of a test that needed a stored secret the loaded
// ENCRYPTION_KEY cannot open.
const CodeKeyMismatch = "ENCRYPTION_KEY_MISMATCH"

// TestError says why a connection test failed; Field names the setting at fault when known.
type TestError struct {
	Code    string
	Message string
	Field   string
}

// SourceTest is the outcome of TestSource.
type SourceTest struct {
	Version   string
	Latency   time.Duration
	Databases []source.Database
	// Err is set when the test failed; the other fields may be partly filled.
	Err *TestError
}

// TestSource connects to a saved source (id), to unsaved input (in), or to a saved source with
// in's changes applied, and lists its databases. A failed connection is reported in the result;
// the error is for requests that cannot be tested at all (unknown id, invalid input).
func (s *Service) TestSource(ctx context.Context, id *pulid.ID, in *SourceInput) (SourceTest, error) {
	if id == nil && in == nil {
		return SourceTest{}, fieldError("id", "give the id of a saved source, the form's input, or both")
	}
	engine, settings, changes := "", map[string]string{}, SecretChanges{}
	var sealed map[string]string
	if id != nil {
		old, err := s.client.Source.Get(viewer.Privileged(ctx), *id)
		switch {
		case ent.IsNotFound(err):
			return SourceTest{}, notFound("source", *id)
		case err != nil:
			return SourceTest{}, fmt.Errorf("load source %s: %w", *id, err)
		}
		engine, settings, sealed = string(old.Engine), SourceSettings(old), old.SealedSecrets()
	}
	if in != nil {
		if in.Engine != "" {
			engine = in.Engine
		}
		maps.Copy(settings, in.Settings)
		changes = in.Secrets
	}
	var secrets map[string]vault.Secret
	var err error
	if id != nil {
		secrets, err = changes.merged(s.kr, entsource.Table, *id, sealed, true)
	} else {
		secrets = changes.present()
	}
	if err != nil {
		return SourceTest{Err: secretError(err)}, nil
	}
	e, cfg, err := validateSource(engine, settings, secrets)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return SourceTest{Err: &TestError{Code: string(connerr.Config), Message: fe.Msg, Field: fe.Field}}, nil
		}
		return SourceTest{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.testTimeout)
	defer cancel()
	src, err := e.Open(cfg)
	if err != nil {
		return SourceTest{Err: connError(err)}, nil
	}
	defer src.Close()
	info, err := src.Test(ctx)
	if err != nil {
		return SourceTest{Err: connError(err)}, nil
	}
	res := SourceTest{Version: info.Version, Latency: info.Latency}
	if res.Databases, err = src.ListDatabases(ctx); err != nil {
		res.Err = connError(err)
	}
	return res, nil
}

// connError describes a classified connection failure.
func connError(err error) *TestError {
	var ce *connerr.Error
	if errors.As(err, &ce) {
		te := &TestError{Code: string(ce.Kind), Message: ce.Error()}
		if ce.Kind == connerr.Config {
			te.Field = ce.Op
		}
		return te
	}
	return &TestError{Code: string(connerr.Other), Message: err.Error()}
}

// secretError describes a stored secret that cannot be opened.
func secretError(err error) *TestError {
	var mm *vault.KeyMismatchError
	if errors.As(err, &mm) {
		return &TestError{Code: CodeKeyMismatch, Message: "a stored secret was sealed with ENCRYPTION_KEY " + mm.KeyID +
			", which is not loaded: start DBackup with that key, or re-enter the secret"}
	}
	return &TestError{Code: "SECRET_UNDECRYPTABLE", Message: "a stored secret cannot be decrypted: re-enter it (" + err.Error() + ")"}
}
