package notify

import (
	"html/template"
	"strings"
)

// emailTemplate is the HTML alternative: the title, the message, a table of fields and a link.
// html/template escapes every value.
var emailTemplate = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif; color: #1f2937;">
<h2 style="color: {{.Color}};">{{.Title}}</h2>
{{if .Message}}<p style="white-space: pre-wrap;">{{.Message}}</p>{{end}}
{{if .Fields}}<table cellpadding="4" style="border-collapse: collapse;">
{{range .Fields}}<tr><th align="left">{{.Key}}</th><td>{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{if .URL}}<p><a href="{{.URL}}">Open in DBackup</a></p>{{end}}
</body></html>
`))

func emailHTML(e Event) (string, error) {
	color := "#2563eb"
	switch {
	case e.Severity == SeverityError:
		color = "#dc2626"
	case e.Severity == SeverityWarning:
		color = "#d97706"
	case e.success():
		color = "#16a34a"
	}
	var b strings.Builder
	err := emailTemplate.Execute(&b, struct {
		Event
		Color string
	}{e, color})
	return b.String(), err
}
