package recoverykit

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"text/template"
	"time"
)

// entry is one file of the kit ZIP.
type entry struct {
	name string
	mode fs.FileMode
	data []byte
}

// Modes in the ZIP: unzip and macOS's Archive Utility restore them, so the launchers run as
// they are and the key files are readable by their owner only.
const (
	modeExec   fs.FileMode = 0o755
	modeFile   fs.FileMode = 0o644
	modeSecret fs.FileMode = 0o600
)

// Write writes the Recovery Kit for keys to w as a ZIP file: keys/<profile>.key (the key as 64
// hex characters and a newline) for each key, keys/keys.json, dbackup-recover.js, recover.sh,
// recover.command, recover.bat and README.md rendered with the profiles, their key ids and now.
// Profile names are made safe for file names on every system and unique. Nothing is written to
// w when a key is invalid.
func Write(w io.Writer, keys []Key, now time.Time) error {
	idx, vks, err := newIndex(keys, now)
	if err != nil {
		return err
	}
	indexJSON, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return fmt.Errorf("recovery kit: encode %s: %w", indexPath, err)
	}
	readme, err := renderReadme(idx)
	if err != nil {
		return err
	}
	files := []entry{
		{"README.md", modeFile, readme},
		{indexPath, modeFile, append(indexJSON, '\n')},
	}
	for i, e := range idx.Keys {
		files = append(files, entry{e.File, modeSecret, []byte(vks[i].Reveal() + "\n")})
	}
	files = append(files,
		entry{"dbackup-recover.js", modeExec, script},
		entry{"recover.sh", modeExec, recoverSh},
		entry{"recover.command", modeExec, recoverCommand},
		entry{"recover.bat", modeFile, crlf(recoverBat)},
	)
	return writeZip(w, files, now)
}

func writeZip(w io.Writer, files []entry, now time.Time) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: now}
		h.SetMode(f.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("recovery kit: add %s: %w", f.name, err)
		}
		if _, err := fw.Write(f.data); err != nil {
			return fmt.Errorf("recovery kit: write %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("recovery kit: finish zip: %w", err)
	}
	return nil
}

// readmeProfile is one row of the README's table of profiles.
type readmeProfile struct{ Name, ID, KeyID, File string }

var readmeTmpl = template.Must(template.New("README.md").Parse(readmeTemplate))

func renderReadme(idx index) ([]byte, error) {
	data := struct {
		CreatedAt string
		Profiles  []readmeProfile
	}{CreatedAt: idx.CreatedAt}
	for _, e := range idx.Keys {
		data.Profiles = append(data.Profiles, readmeProfile{Name: mdCell(e.ProfileName), ID: mdCell(e.ProfileID), KeyID: e.KeyID, File: e.File})
	}
	var b bytes.Buffer
	if err := readmeTmpl.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("recovery kit: render README.md: %w", err)
	}
	return b.Bytes(), nil
}

// mdCell makes s safe inside a Markdown table cell: a "|" or a line break would end the cell or
// the row.
func mdCell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
}
