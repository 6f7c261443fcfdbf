package graph

import (
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/pulid"
)

// followInterval is how often executionUpdated looks at the row: the workers write it once a
// second, from whichever node runs it.
const followInterval = 500 * time.Millisecond

func executionTargets(e *ent.Execution) []model.ExecutionTarget {
	out := make([]model.ExecutionTarget, 0, len(e.Targets))
	for _, t := range e.Targets {
		out = append(out, model.ExecutionTarget{DestinationID: pulid.ID(t.DestinationID), Name: t.Name,
			Status: model.ExecutionTargetStatus(t.Status), Bytes: float64(t.Bytes),
			ObjectKey: optional(t.ObjectKey), Error: optional(t.Error)})
	}
	return out
}

func executionLog(e *ent.Execution, last *int) []model.LogLine {
	lines := e.Log
	if last != nil && *last >= 0 && *last < len(lines) {
		lines = lines[len(lines)-*last:]
	}
	out := make([]model.LogLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, model.LogLine{Time: l.Time, Level: model.LogLevel(l.Level), Message: l.Message})
	}
	return out
}

// executionProgress is known for restores, whose object size is known: the bytes read in the
// current phase over that size.
func executionProgress(e *ent.Execution) *float64 {
	switch {
	case e.Status != entexec.StatusRUNNING && e.Status != entexec.StatusQUEUED:
		if e.Status == entexec.StatusSUCCESS {
			one := 1.0
			return &one
		}
		return nil
	case e.Kind == entexec.KindRestore && e.TotalBytes > 0 && len(e.Targets) > 0:
		p := min(float64(e.Targets[0].Bytes)/float64(e.TotalBytes), 1)
		return &p
	}
	return nil
}

func executionDuration(e *ent.Execution) *float64 {
	if e.StartedAt == nil {
		return nil
	}
	end := time.Now()
	if e.FinishedAt != nil {
		end = *e.FinishedAt
	}
	d := end.Sub(*e.StartedAt).Seconds()
	return &d
}

func mappingInput(in []model.DatabaseMappingInput) []execution.DatabaseMapping {
	out := make([]execution.DatabaseMapping, 0, len(in))
	for _, m := range in {
		out = append(out, execution.DatabaseMapping{From: m.From, To: m.To})
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// linkLifetime is the lifetime asked for a download link; zero means the default.
func linkLifetime(minutes *int) time.Duration {
	if minutes == nil {
		return 0
	}
	if *minutes <= 0 {
		// Refused by the service with the field named, rather than taken as the default.
		return -1
	}
	return time.Duration(*minutes) * time.Minute
}

// absoluteLink makes a new link's URL absolute when BASE_URL is configured.
func (r *Resolver) absoluteLink(l downloadlink.Link, err error) (*downloadlink.Link, error) {
	if err != nil {
		return nil, err
	}
	l.URL = strings.TrimSuffix(r.BaseURL, "/") + l.URL
	return &l, nil
}
