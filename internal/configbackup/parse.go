package configbackup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/dbackup/dbackup/internal/vault"
)

// maxDocumentSize bounds what Parse reads: a configuration is kilobytes, and the bound keeps a
// hostile upload from exhausting memory while leaving room for thousands of items.
const maxDocumentSize = 64 << 20

// Parse reads and checks a config backup completely: format and version, the envelope (with
// passphrase, ignored for a document without secrets), the structure, and that every reference
// names an item of the document. Nothing is written anywhere.
func Parse(data []byte, passphrase vault.Secret) (*Document, error) {
	return ParseWith(data, ParseOptions{Passphrase: passphrase})
}

// ParseWith is Parse for documents whose envelope may be sealed under a profile key too.
func ParseWith(data []byte, opts ParseOptions) (*Document, error) {
	if len(data) > maxDocumentSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrFormat, maxDocumentSize)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	switch {
	case head.Format != FormatName:
		return nil, fmt.Errorf("%w: format is %q, want %q", ErrFormat, head.Format, FormatName)
	case head.Version > FormatVersion:
		return nil, fmt.Errorf("%w (version %d; this DBackup reads up to %d)", ErrFutureVersion, head.Version, FormatVersion)
	case head.Version < 1:
		return nil, fmt.Errorf("%w: version %d", ErrFormat, head.Version)
	}
	doc := &Document{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: data after the document", ErrFormat)
	}
	switch doc.Secrets {
	case SecretsNone:
		if doc.Envelope != nil || doc.PasswordHashes {
			return nil, fmt.Errorf("%w: a document without secrets has no envelope or password hashes", ErrFormat)
		}
		doc.secrets = secretSet{}
	case SecretsSealed:
		if doc.Envelope == nil {
			return nil, fmt.Errorf("%w: secrets are sealed but the envelope is missing", ErrFormat)
		}
		plain, err := open(data, doc, opts)
		if err != nil {
			return nil, err
		}
		if doc.secrets, err = parseSecrets(plain); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: secrets is %q, want %q or %q", ErrFormat, doc.Secrets, SecretsNone, SecretsSealed)
	}
	doc.Items.normalize()
	if err := doc.validate(); err != nil {
		return nil, err
	}
	return doc, nil
}

// names collects the names of one kind and refuses empty and repeated ones.
func names[T any](kind string, items []T, name func(T) string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, it := range items {
		n := name(it)
		if n == "" {
			return nil, &ItemError{Kind: kind, Name: n, Msg: "has no name"}
		}
		if out[n] {
			return nil, &ItemError{Kind: kind, Name: n, Msg: "appears twice"}
		}
		out[n] = true
	}
	return out, nil
}

// index holds the names of a document's items by kind.
type index map[string]map[string]bool

func (d *Document) index() (index, error) {
	ix := index{}
	var err error
	it := &d.Items
	if ix[KindSource], err = names(KindSource, it.Sources, func(v Source) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindDestination], err = names(KindDestination, it.Destinations, func(v Destination) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindEncryptionProfile], err = names(KindEncryptionProfile, it.EncryptionProfiles, func(v EncryptionProfile) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindNotificationChannel], err = names(KindNotificationChannel, it.NotificationChannels, func(v NotificationChannel) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindSSOProvider], err = names(KindSSOProvider, it.SSOProviders, func(v SSOProvider) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindGroup], err = names(KindGroup, it.Groups, func(v Group) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindUser], err = names(KindUser, it.Users, func(v User) string { return v.Username }); err != nil {
		return nil, err
	}
	if ix[KindJob], err = names(KindJob, it.Jobs, func(v Job) string { return v.Name }); err != nil {
		return nil, err
	}
	if ix[KindSetting], err = names(KindSetting, it.Settings, func(v Setting) string { return v.Key }); err != nil {
		return nil, err
	}
	return ix, nil
}

// refs checks that every name in refs is an item of kind; owner names the referring item.
func (ix index) refs(ownerKind, owner, kind string, refs ...string) error {
	for _, r := range refs {
		if !ix[kind][r] {
			return &ItemError{Kind: ownerKind, Name: owner, Msg: fmt.Sprintf("names %s %q, which the document does not have", kind, r)}
		}
	}
	return nil
}

// validate checks a document's items and secrets; Apply calls it again because a caller may
// have changed the document after Parse.
func (d *Document) validate() error {
	ix, err := d.index()
	if err != nil {
		return err
	}
	if err := d.Items.validateValues(); err != nil {
		return err
	}
	for _, j := range d.Items.Jobs {
		if err := ix.refs(KindJob, j.Name, KindSource, j.Source); err != nil {
			return err
		}
		if j.EncryptionProfile != "" {
			if err := ix.refs(KindJob, j.Name, KindEncryptionProfile, j.EncryptionProfile); err != nil {
				return err
			}
		}
		for _, t := range j.Targets {
			if err := ix.refs(KindJob, j.Name, KindDestination, t.Destination); err != nil {
				return err
			}
		}
		for _, l := range [][]string{j.Notify.Success, j.Notify.Partial, j.Notify.Failure} {
			if err := ix.refs(KindJob, j.Name, KindNotificationChannel, l...); err != nil {
				return err
			}
		}
	}
	for _, u := range d.Items.Users {
		if err := ix.refs(KindUser, u.Username, KindGroup, u.Groups...); err != nil {
			return err
		}
	}
	for _, p := range d.Items.SSOProviders {
		groups := slices.Collect(maps.Values(p.GroupMapping))
		if p.DefaultGroup != "" {
			groups = append(groups, p.DefaultGroup)
		}
		if err := ix.refs(KindSSOProvider, p.Name, KindGroup, groups...); err != nil {
			return err
		}
	}
	return d.validateSecrets(ix)
}

// validateSecrets checks that each secret belongs to an item and a column that travels, and
// that each profile key matches its profile's key id.
func (d *Document) validateSecrets(ix index) error {
	for kind, items := range d.secrets {
		if _, ok := secretTables[kind]; !ok {
			return fmt.Errorf("%w: sealed secrets of unknown kind %q", ErrFormat, kind)
		}
		cols := secretColumns(kind, d.PasswordHashes)
		for name, values := range items {
			if !ix[kind][name] {
				return &ItemError{Kind: kind, Name: name, Msg: "has sealed secrets but is not in the document"}
			}
			for col := range values {
				if !slices.Contains(cols, col) {
					return &ItemError{Kind: kind, Name: name, Msg: fmt.Sprintf("has an unknown secret %q", col)}
				}
			}
		}
	}
	for _, p := range d.Items.EncryptionProfiles {
		raw := d.Secret(KindEncryptionProfile, p.Name, "key")
		if raw.IsEmpty() {
			continue
		}
		k, err := vault.ParseKey(raw.Reveal())
		if err != nil {
			return &ItemError{Kind: KindEncryptionProfile, Name: p.Name, Msg: "its key is not 64 hex characters"}
		}
		if vault.KeyID(k) != p.KeyID {
			return &ItemError{Kind: KindEncryptionProfile, Name: p.Name, Msg: "its key does not match its key id " + p.KeyID}
		}
	}
	return nil
}
