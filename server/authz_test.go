package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/dbackup/dbackup/graph"
	"github.com/dbackup/dbackup/internal/auth/perm"
)

// rootField is one query, mutation or subscription with the access its directive declares.
type rootField struct {
	op          string // query, mutation or subscription
	name        string
	doc         string // a valid operation calling it
	public      bool
	signedIn    bool
	sessionOnly bool
	permission  perm.Permission
}

// rootFields reads every root field of the executable schema and its access directive; it
// fails the test for a field with none, several, or an unknown permission.
func rootFields(t *testing.T) []rootField {
	t.Helper()
	s := graph.NewSchema(&graph.Resolver{}).Schema()
	var out []rootField
	for _, op := range []struct {
		name string
		def  *ast.Definition
	}{{"query", s.Query}, {"mutation", s.Mutation}, {"subscription", s.Subscription}} {
		for _, f := range op.def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			rf := rootField{op: op.name, name: f.Name, doc: operation(s, op.name, f)}
			declared := 0
			for _, d := range f.Directives {
				switch d.Name {
				case "public":
					rf.public = true
					declared++
				case "signedIn":
					rf.signedIn = true
					if a := d.Arguments.ForName("sessionOnly"); a != nil && a.Value.Raw == "true" {
						rf.sessionOnly = true
					}
					declared++
				case "hasPermission":
					p, err := perm.Parse(d.Arguments.ForName("permission").Value.Raw)
					require.NoError(t, err, "%s %s", op.name, f.Name)
					rf.permission = p
					declared++
				}
			}
			require.Equal(t, 1, declared, "%s %s must carry exactly one of @public, @signedIn, @hasPermission", op.name, f.Name)
			out = append(out, rf)
		}
	}
	return out
}

// operation writes a syntactically valid call of f: placeholder values for the required
// arguments and __typename as the selection.
func operation(s *ast.Schema, op string, f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		if a.Type.NonNull {
			args = append(args, a.Name+": "+placeholder(s, a.Type))
		}
	}
	call := f.Name
	if len(args) > 0 {
		call += "(" + strings.Join(args, ", ") + ")"
	}
	if def := s.Types[f.Type.Name()]; def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union {
		call += " { __typename }"
	}
	return op + " { " + call + " }"
}

func placeholder(s *ast.Schema, t *ast.Type) string {
	if t.Elem != nil {
		return "[" + placeholder(s, t.Elem) + "]"
	}
	def := s.Types[t.NamedType]
	switch {
	case def.Kind == ast.Enum:
		return def.EnumValues[0].Name
	case def.Kind == ast.InputObject:
		var fields []string
		for _, f := range def.Fields {
			if f.Type.NonNull {
				fields = append(fields, f.Name+": "+placeholder(s, f.Type))
			}
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	switch t.NamedType {
	case "ID":
		return `"usr_01JDQ3Z6V6T2G4F2A7Q2M9KXHB"`
	case "Int":
		return "1"
	case "Boolean":
		return "false"
	case "Time":
		return `"2030-01-01T00:00:00Z"`
	default:
		return `"x"`
	}
}

// denial is the code of the field's error when it is an authorization denial, else "".
func denial(r reply, field string) string {
	errs, _ := r.json["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		path, _ := m["path"].([]any)
		ext, _ := m["extensions"].(map[string]any)
		code, _ := ext["code"].(string)
		if len(path) > 0 && path[0] == field && slices.Contains([]string{"UNAUTHENTICATED", "FORBIDDEN", "SESSION_REQUIRED"}, code) {
			if code == "FORBIDDEN" {
				return code + " " + fmt.Sprint(ext["permission"])
			}
			return code
		}
	}
	return ""
}

// TestAuthorizationMatrix calls every root field of the schema anonymously, with an API key
// lacking exactly the field's permission, with one holding only that permission, and with a
// session of a user without any permission, and checks who is let through.
func TestAuthorizationMatrix(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)

	// Nobody: a user in a group without permissions, signed in with a session.
	group := data(t, query(t, s.url, `mutation { createGroup(input: {name: "Nobody", permissions: []}) { id } }`, admin), "createGroup")
	data(t, query(t, s.url, fmt.Sprintf(`mutation { createUser(input: {username: "nobody", password: %q, groupIds: [%q]}) { id } }`,
		adminPassword, group.(map[string]any)["id"]), admin), "createUser")
	nobody := withCookie(sessionCookieOf(t, login(t, s.url, "nobody", adminPassword)), true)

	keys := map[string]map[string]string{}
	apiKey := func(scopes []perm.Permission) map[string]string {
		names := make([]string, len(scopes))
		for i, p := range scopes {
			names[i] = fmt.Sprintf("%q", p)
		}
		id := strings.Join(names, ",")
		if h, ok := keys[id]; ok {
			return h
		}
		k := data(t, query(t, s.url, fmt.Sprintf(`mutation { createAPIKey(input: {name: "matrix", scopes: [%s]}) { key } }`, id), admin), "createAPIKey")
		h := map[string]string{"Authorization": "Bearer " + k.(map[string]any)["key"].(string)}
		keys[id] = h
		return h
	}
	call := func(f rootField, headers map[string]string) reply {
		if f.op == "subscription" {
			h := http.Header{}
			for k, v := range headers {
				h.Set(k, v)
			}
			return wsQuery(t, s.url, h, f.doc)
		}
		return query(t, s.url, f.doc, headers)
	}

	fields := rootFields(t)
	require.GreaterOrEqual(t, len(fields), 29, "the schema lost root fields")
	for _, f := range fields {
		t.Run(f.op+" "+f.name, func(t *testing.T) {
			anon := denial(call(f, nil), f.name)
			switch {
			case f.public:
				require.Empty(t, anon, "public: anyone may call it")
				return
			default:
				require.Equal(t, "UNAUTHENTICATED", anon, "anonymous callers are refused")
			}
			if f.signedIn {
				require.Empty(t, denial(call(f, nobody), f.name), "any signed-in user may call it")
				viaKey := denial(call(f, apiKey([]perm.Permission{perm.SourcesRead})), f.name)
				if f.sessionOnly {
					require.Equal(t, "SESSION_REQUIRED", viaKey, "API keys may not change the account")
				} else {
					require.Empty(t, viaKey, "an API key of any scope may call it")
				}
				return
			}
			others := slices.DeleteFunc(perm.All(), func(p perm.Permission) bool { return p == f.permission })
			require.Equal(t, "FORBIDDEN "+string(f.permission), denial(call(f, apiKey(others)), f.name),
				"every other permission is not enough")
			require.Equal(t, "FORBIDDEN "+string(f.permission), denial(call(f, nobody), f.name))
			require.Empty(t, denial(call(f, apiKey([]perm.Permission{f.permission})), f.name),
				"the permission alone lets the call through")
		})
	}
}

// TestPrivacyBackstop reads through node and nested edges, which the root directives do not
// cover: ent privacy refuses or filters every row the viewer may not read.
func TestPrivacyBackstop(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)
	me := data(t, query(t, s.url, `{ viewer { id } }`, admin), "viewer").(map[string]any)["id"].(string)
	g := data(t, query(t, s.url, `mutation { createGroup(input: {name: "Readers", permissions: ["groups:read"]}) { id } }`, admin), "createGroup")
	gid := g.(map[string]any)["id"].(string)
	data(t, query(t, s.url, fmt.Sprintf(`mutation { createUser(input: {username: "reader", password: %q, groupIds: [%q]}) { id } }`, adminPassword, gid), admin), "createUser")
	reader := withCookie(sessionCookieOf(t, login(t, s.url, "reader", adminPassword)), true)

	// Another user is invisible without users:read; the reader's own row is not.
	r := query(t, s.url, fmt.Sprintf(`{ node(id: %q) { id } }`, me), reader)
	require.Nil(t, r.json["errors"], r.body)
	require.Nil(t, data(t, r, "node"), "another user's row is filtered out")

	// groups:read shows the group, but its members only as far as users:read allows: the
	// reader sees themselves and not the administrator.
	r = query(t, s.url, `{ groups { edges { node { name users { username } } } } }`, reader)
	require.Nil(t, r.json["errors"], r.body)
	require.NotContains(t, r.body, adminName)
	require.Contains(t, r.body, `"username":"reader"`)

	// An entity of a type the reader may not read at all is refused by the rule, even through
	// node, which only asks for a signed-in viewer.
	log := data(t, query(t, s.url, `{ auditLog(first: 1) { edges { node { id } } } }`, admin), "auditLog")
	entry := log.(map[string]any)["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)["id"].(string)
	r = query(t, s.url, fmt.Sprintf(`{ node(id: %q) { id } }`, entry), reader)
	require.Equal(t, "FORBIDDEN audit:read", denial(r, "node"), r.body)
	r = query(t, s.url, fmt.Sprintf(`{ node(id: %q) { id } }`, entry), admin)
	require.Nil(t, r.json["errors"], r.body)
}
