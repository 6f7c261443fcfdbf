package backup

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/storage"
)

// DefaultNameTemplate names objects when a job sets no template: one folder per job, and names
// that sort by time within it.
const DefaultNameTemplate = "{job}/{job}_{database}_{date}_{time}"

// ErrNameTemplate reports a naming template that cannot name objects.
var ErrNameTemplate = errors.New("invalid naming template")

// NameVars are the values of a naming template's tokens for one run.
type NameVars struct {
	Job string
	// Database is the one database backed up, or "all" / "N-databases" for an archive.
	Database    string
	ExecutionID string
	// Time is when the run started, in the job's time zone.
	Time time.Time
}

// tokens maps each token to its value.
var tokens = map[string]func(NameVars) string{
	"job":       func(v NameVars) string { return v.Job },
	"database":  func(v NameVars) string { return v.Database },
	"id":        func(v NameVars) string { return v.ExecutionID },
	"date":      func(v NameVars) string { return v.Time.Format("2006-01-02") },
	"time":      func(v NameVars) string { return v.Time.Format("150405") },
	"datetime":  func(v NameVars) string { return v.Time.Format("20060102T150405") },
	"timestamp": func(v NameVars) string { return strconv.FormatInt(v.Time.Unix(), 10) },
	"year":      func(v NameVars) string { return v.Time.Format("2006") },
	"month":     func(v NameVars) string { return v.Time.Format("01") },
	"day":       func(v NameVars) string { return v.Time.Format("02") },
}

var (
	tokenRE = regexp.MustCompile(`\{([^{}]*)\}`)
	// unsafe matches what a token's value may not bring into a name: separators and anything a
	// file system or an S3 console would show oddly.
	unsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)
)

// TokenNames lists the tokens a template may use, for help texts.
func TokenNames() []string {
	return []string{"{job}", "{database}", "{date}", "{time}", "{datetime}", "{timestamp}", "{year}", "{month}", "{day}", "{id}"}
}

// CheckNameTemplate reports whether tmpl can name objects: known tokens only, braces balanced,
// and a result that is a valid storage key.
func CheckNameTemplate(tmpl string) error {
	_, err := ObjectName(tmpl, NameVars{Job: "job", Database: "db", ExecutionID: "exe", Time: time.Unix(0, 0).UTC()}, "")
	return err
}

// ObjectName renders tmpl (DefaultNameTemplate when empty) and appends ext, such as
// ".dump.zst.enc". Token values are made safe for object names: "/" and other unusual
// characters become "-", so only the template's own "/" make folders.
func ObjectName(tmpl string, v NameVars, ext string) (string, error) {
	if strings.TrimSpace(tmpl) == "" {
		tmpl = DefaultNameTemplate
	}
	var bad error
	out := tokenRE.ReplaceAllStringFunc(tmpl, func(m string) string {
		f, ok := tokens[m[1:len(m)-1]]
		if !ok {
			bad = fmt.Errorf("%w: unknown token %s; use %s", ErrNameTemplate, m, strings.Join(TokenNames(), ", "))
			return ""
		}
		val := strings.Trim(unsafe.ReplaceAllString(f(v), "-"), "-.")
		if val == "" {
			val = "x"
		}
		return val
	})
	if bad != nil {
		return "", bad
	}
	if strings.ContainsAny(out, "{}") {
		return "", fmt.Errorf("%w: unbalanced { or } in %q", ErrNameTemplate, tmpl)
	}
	if !strings.Contains(tmpl, "{") {
		return "", fmt.Errorf("%w: %q has no token, so every run would replace the last backup; add {date} and {time}", ErrNameTemplate, tmpl)
	}
	name := out + ext
	if err := storage.CheckKey(name); err != nil {
		return "", fmt.Errorf("%w: %w", ErrNameTemplate, err)
	}
	return name, nil
}
