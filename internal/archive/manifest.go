package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// readManifest reads manifest.json (the pending entry), checks that nothing follows it and that
// it describes exactly what was read.
func (r *Reader) readManifest() error {
	r.hdr = nil
	data, err := io.ReadAll(io.LimitReader(r.tr, MaxManifestSize+1))
	if err != nil {
		return r.tarError("read "+manifestName, err)
	}
	if _, err := r.tr.Next(); err != io.EOF {
		if err == nil {
			return fmt.Errorf("archive: entry after %s: %w", manifestName, ErrCorrupt)
		}
		return r.tarError("read after "+manifestName, err)
	}
	if r.src.n < r.manifestEnd+2*blockSize {
		return fmt.Errorf("archive: tar trailer missing after %s: %w", manifestName, ErrCorrupt)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("archive: parse %s: %v: %w", manifestName, err, ErrCorrupt)
	}
	if dec.More() {
		return fmt.Errorf("archive: data after the JSON object in %s: %w", manifestName, ErrCorrupt)
	}
	if m.Version != ManifestVersion {
		return fmt.Errorf("archive: %s version %d: %w", manifestName, m.Version, ErrUnsupportedVersion)
	}
	if err := checkManifest(m, r.seen); err != nil {
		return err
	}
	r.manifest = m
	return nil
}

// checkManifest compares the manifest's entries with the dumps that were read.
func checkManifest(m Manifest, seen []Entry) error {
	if len(m.Databases) != len(seen) {
		return fmt.Errorf("archive: %s lists %d databases, the archive has %d: %w",
			manifestName, len(m.Databases), len(seen), ErrCorrupt)
	}
	names := make(map[string]bool, len(seen))
	for i, e := range m.Databases {
		got := seen[i]
		bad := func(what string, want, have any) error {
			return fmt.Errorf("archive: database %q (%s): %s is %v in %s, %v in the archive: %w",
				e.Database, got.Path, what, want, manifestName, have, ErrCorrupt)
		}
		if e.Database == "" || names[e.Database] {
			return fmt.Errorf("archive: database %d (%s): name %q is empty or repeated in %s: %w",
				i, got.Path, e.Database, manifestName, ErrCorrupt)
		}
		names[e.Database] = true
		if e.Path != got.Path {
			return bad("folder", e.Path, got.Path)
		}
		if want := folder(i, e.Database); want != got.Path {
			return fmt.Errorf("archive: database %q: its folder would be %s, the archive has %s: %w",
				e.Database, want, got.Path, ErrCorrupt)
		}
		if e.Size != got.Size {
			return bad("size", e.Size, got.Size)
		}
		if e.SHA256 != got.SHA256 {
			return bad("SHA-256", e.SHA256, got.SHA256)
		}
		if e.Parts != got.Parts {
			return bad("parts", e.Parts, got.Parts)
		}
	}
	return nil
}
