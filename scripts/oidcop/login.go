package main

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
)

// loginPath is the login page the authorization endpoint sends the browser to.
const loginPath = "/login"

// queryAuthRequestID names the auth request on the login page.
const queryAuthRequestID = "authRequestID"

// loginPage is a bare form: Playwright finds its fields by name and its button by its text.
var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test OpenID Provider: sign in</title></head>
<body>
<h1>Sign in</h1>
{{if .Error}}<p role="alert" id="error">{{.Error}}</p>{{end}}
<form method="post" action="` + loginPath + `">
<input type="hidden" name="` + queryAuthRequestID + `" value="{{.ID}}">
<label>Username <input type="text" name="username" autocomplete="username" value="{{.Username}}" autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
</body>
</html>
`))

type loginData struct {
	ID, Username, Error string
}

// login serves the login page and checks what it posts. A successful login continues at
// callback, the library's endpoint that issues the code to the relying party.
type login struct {
	store    *store
	callback func(context.Context, string) string
}

func (l *login) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "cannot parse form: "+err.Error(), http.StatusBadRequest)
		return
	}
	data := loginData{ID: r.Form.Get(queryAuthRequestID)}
	status := http.StatusOK
	switch r.Method {
	case http.MethodGet:
	case http.MethodPost:
		data.Username = r.PostForm.Get("username")
		err := l.store.login(data.ID, data.Username, r.PostForm.Get("password"))
		if err == nil {
			http.Redirect(w, r, l.callback(r.Context(), data.ID), http.StatusFound)
			return
		}
		data.Error = err.Error()
		status = http.StatusUnauthorized
		if !errors.Is(err, errInvalidCredentials) {
			status = http.StatusBadRequest
		}
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := loginPage.Execute(w, data); err != nil {
		slog.Error("render login page", "err", err)
	}
}
