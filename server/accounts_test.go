package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/require"
)

// gqlVars posts a GraphQL operation with variables and the given headers.
func gqlVars(t *testing.T, base, q string, vars map[string]any, headers map[string]string) reply {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	require.NoError(t, err)
	return send(t, "POST", base+"/graphql", string(body), headers)
}

// errorField returns extensions.field of the first GraphQL error, or "".
func errorField(r reply) string {
	errs, _ := r.json["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	f, _ := ext["field"].(string)
	return f
}

const (
	createGroupOp = `mutation($in: CreateGroupInput!) { createGroup(input: $in) { id name permissions } }`
	createUserOp  = `mutation($in: CreateUserInput!) { createUser(input: $in) { id username groups { name } } }`
	updateUserOp  = `mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { id disabled } }`
	aliceSecret   = "alice's long passphrase"
)

func TestUsersAndGroupsThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)

	ops := data(t, gqlVars(t, s.url, createGroupOp, map[string]any{"in": map[string]any{
		"name": "Operators", "description": "run jobs", "permissions": []string{"jobs:run", "sources:read"},
	}}, admin), "createGroup").(map[string]any)
	require.Equal(t, []any{"sources:read", "jobs:run"}, ops["permissions"], "stored in the canonical order")

	r := gqlVars(t, s.url, createGroupOp, map[string]any{"in": map[string]any{"name": "Operators", "permissions": []string{}}}, admin)
	require.Equal(t, "CONFLICT", gqlCode(r))
	r = gqlVars(t, s.url, createGroupOp, map[string]any{"in": map[string]any{"name": "Typos", "permissions": []string{"jobs:delete"}}}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "permissions", errorField(r))

	alice := data(t, gqlVars(t, s.url, createUserOp, map[string]any{"in": map[string]any{
		"username": "Dave", "password": aliceSecret, "groupIds": []any{ops["id"]}, "email": "alice@example.com",
	}}, admin), "createUser").(map[string]any)
	require.Equal(t, "dave", alice["username"])
	r = gqlVars(t, s.url, createUserOp, map[string]any{"in": map[string]any{"username": "bob", "password": "short", "groupIds": []any{ops["id"]}}}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "password", errorField(r))
	r = gqlVars(t, s.url, createUserOp, map[string]any{"in": map[string]any{"username": "bob", "password": aliceSecret, "groupIds": []any{}}}, admin)
	require.Equal(t, "groupIds", errorField(r))
	r = gqlVars(t, s.url, createUserOp, map[string]any{"in": map[string]any{"username": "bob", "password": aliceSecret, "groupIds": []any{ops["id"]}, "email": "not mail"}}, admin)
	require.Equal(t, "email", errorField(r))

	// Dave holds exactly her group's permissions.
	ac := withCookie(sessionCookieOf(t, login(t, s.url, "dave", aliceSecret)), true)
	v := data(t, query(t, s.url, `{ viewer { username permissions groups totpEnabled viaApiKey } }`, ac), "viewer").(map[string]any)
	require.Equal(t, []any{"sources:read", "jobs:run"}, v["permissions"])
	require.Equal(t, []any{"Operators"}, v["groups"])
	require.Equal(t, "FORBIDDEN", gqlCode(query(t, s.url, `{ users { totalCount } }`, ac)))

	// The Admins group and its last member are protected.
	admins := data(t, query(t, s.url, `{ groups(where: {name: "Admins"}) { edges { node { id users { id } } } } }`, admin), "groups")
	adminsNode := admins.(map[string]any)["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)
	adminID := adminsNode["users"].([]any)[0].(map[string]any)["id"]
	r = gqlVars(t, s.url, `mutation($id: ID!) { updateGroup(id: $id, input: {permissions: ["jobs:read"]}) { id } }`, map[string]any{"id": adminsNode["id"]}, admin)
	require.Equal(t, "BUILTIN_GROUP", gqlCode(r))
	r = gqlVars(t, s.url, `mutation($id: ID!) { deleteGroup(id: $id) }`, map[string]any{"id": adminsNode["id"]}, admin)
	require.Equal(t, "BUILTIN_GROUP", gqlCode(r))
	r = gqlVars(t, s.url, updateUserOp, map[string]any{"id": adminID, "in": map[string]any{"disabled": true}}, admin)
	require.Equal(t, "LAST_ADMIN", gqlCode(r))
	r = gqlVars(t, s.url, `mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": adminID}, admin)
	require.Equal(t, "LAST_ADMIN", gqlCode(r))
	r = gqlVars(t, s.url, updateUserOp, map[string]any{"id": adminID, "in": map[string]any{"groupIds": []any{ops["id"]}}}, admin)
	require.Equal(t, "LAST_ADMIN", gqlCode(r))

	// Disabling Dave ends her session at once.
	u := data(t, gqlVars(t, s.url, updateUserOp, map[string]any{"id": alice["id"], "in": map[string]any{"disabled": true}}, admin), "updateUser")
	require.Equal(t, true, u.(map[string]any)["disabled"])
	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, `{ viewer { id } }`, ac)))
	require.Equal(t, "ACCOUNT_DISABLED", authError(login(t, s.url, "dave", aliceSecret)))

	// An administrator resets her password; she signs in with the new one.
	data(t, gqlVars(t, s.url, updateUserOp, map[string]any{"id": alice["id"], "in": map[string]any{"disabled": false}}, admin), "updateUser")
	data(t, gqlVars(t, s.url, `mutation($id: ID!, $pw: String!) { setUserPassword(id: $id, password: $pw) }`,
		map[string]any{"id": alice["id"], "pw": "an administrator's choice"}, admin), "setUserPassword")
	require.Equal(t, "INVALID_CREDENTIALS", authError(login(t, s.url, "dave", aliceSecret)))
	sessionCookieOf(t, login(t, s.url, "dave", "an administrator's choice"))

	// Deleting a group keeps its members; deleting a user removes them.
	require.Equal(t, ops["id"], data(t, gqlVars(t, s.url, `mutation($id: ID!) { deleteGroup(id: $id) }`, map[string]any{"id": ops["id"]}, admin), "deleteGroup"))
	require.Equal(t, alice["id"], data(t, gqlVars(t, s.url, `mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": alice["id"]}, admin), "deleteUser"))
	require.Equal(t, "NOT_FOUND", gqlCode(gqlVars(t, s.url, `mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": alice["id"]}, admin)))

	// The audit log tells who did what, and never a password.
	log := query(t, s.url, fmt.Sprintf(`{ auditLog(first: 100, orderBy: {field: TIME, direction: DESC}, where: {actor: %q}) { totalCount edges { node { actor action entityType fields ip userAgent } } } }`, adminName), admin)
	require.Nil(t, log.json["errors"], log.body)
	require.Contains(t, log.body, `"ip":"127.0.0.1"`, "each entry says where the request came from")
	require.Contains(t, log.body, `"userAgent":"Go-http-client/1.1"`)
	for _, action := range []string{"group.create", "user.create", "user.update", "user.setPassword", "group.delete", "user.delete"} {
		require.Contains(t, log.body, `"action":"`+action+`"`)
	}
	for _, secret := range []string{aliceSecret, "an administrator's choice", adminPassword} {
		require.NotContains(t, log.body, secret)
	}
}

func TestOwnAccountThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	first := adminCookie(t, s.url)
	admin := withCookie(first, true)
	second := withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)

	// Sessions: the current one is marked; another can be revoked.
	sess := data(t, query(t, s.url, `{ viewer { sessions { id current } } }`, admin), "viewer").(map[string]any)["sessions"].([]any)
	require.Len(t, sess, 2)
	var other string
	for _, x := range sess {
		if !x.(map[string]any)["current"].(bool) {
			other = x.(map[string]any)["id"].(string)
		}
	}
	require.NotEmpty(t, other)
	data(t, gqlVars(t, s.url, `mutation($id: ID!) { revokeSession(id: $id) }`, map[string]any{"id": other}, admin), "revokeSession")
	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, `{ viewer { id } }`, second)))

	// Changing the password checks the current one and ends the other sessions.
	third := withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)
	const change = `mutation($in: ChangePasswordInput!) { changePassword(input: $in) }`
	r := gqlVars(t, s.url, change, map[string]any{"in": map[string]any{"currentPassword": "wrong password!", "newPassword": "a fresh new passphrase"}}, admin)
	require.Equal(t, "INVALID_CREDENTIALS", gqlCode(r))
	require.Equal(t, "currentPassword", errorField(r))
	r = gqlVars(t, s.url, change, map[string]any{"in": map[string]any{"currentPassword": adminPassword, "newPassword": "short"}}, admin)
	require.Equal(t, "newPassword", errorField(r))
	data(t, gqlVars(t, s.url, change, map[string]any{"in": map[string]any{"currentPassword": adminPassword, "newPassword": "a fresh new passphrase"}}, admin), "changePassword")
	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, `{ viewer { id } }`, third)))
	data(t, query(t, s.url, `{ viewer { id } }`, admin), "viewer")

	// Two-factor: enrol, confirm with a code, then sign-in asks for one.
	enrol := data(t, query(t, s.url, `mutation { beginTOTP { secret otpauthUrl } }`, admin), "beginTOTP").(map[string]any)
	require.True(t, strings.HasPrefix(enrol["otpauthUrl"].(string), "otpauth://totp/"))
	r = gqlVars(t, s.url, `mutation($c: String!) { enableTOTP(code: $c) { recoveryCodes } }`, map[string]any{"c": "000000x"}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "code", errorField(r))
	code, err := totp.GenerateCode(enrol["secret"].(string), time.Now())
	require.NoError(t, err)
	rc := data(t, gqlVars(t, s.url, `mutation($c: String!) { enableTOTP(code: $c) { recoveryCodes } }`, map[string]any{"c": code}, admin), "enableTOTP")
	require.NotEmpty(t, rc.(map[string]any)["recoveryCodes"])
	v := data(t, query(t, s.url, `{ viewer { totpEnabled recoveryCodesLeft } }`, admin), "viewer").(map[string]any)
	require.Equal(t, true, v["totpEnabled"])
	require.EqualValues(t, len(rc.(map[string]any)["recoveryCodes"].([]any)), v["recoveryCodesLeft"])
	require.Equal(t, "TOTP_REQUIRED", authError(login(t, s.url, adminName, "a fresh new passphrase")))
	r = gqlVars(t, s.url, `mutation($p: String!) { disableTOTP(currentPassword: $p) }`, map[string]any{"p": adminPassword}, admin)
	require.Equal(t, "INVALID_CREDENTIALS", gqlCode(r), "the old password no longer works")
	data(t, gqlVars(t, s.url, `mutation($p: String!) { disableTOTP(currentPassword: $p) }`, map[string]any{"p": "a fresh new passphrase"}, admin), "disableTOTP")
	sessionCookieOf(t, login(t, s.url, adminName, "a fresh new passphrase"))
}

func TestAPIKeysThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)
	g := data(t, gqlVars(t, s.url, createGroupOp, map[string]any{"in": map[string]any{"name": "Keys", "permissions": []string{"apikeys:read", "apikeys:write", "sources:read"}}}, admin), "createGroup")
	data(t, gqlVars(t, s.url, createUserOp, map[string]any{"in": map[string]any{"username": "carol", "password": aliceSecret, "groupIds": []any{g.(map[string]any)["id"]}}}, admin), "createUser")
	carol := withCookie(sessionCookieOf(t, login(t, s.url, "carol", aliceSecret)), true)

	const create = `mutation($in: CreateAPIKeyInput!) { createAPIKey(input: $in) { key apiKey { id name prefix scopes expiresAt } } }`
	r := gqlVars(t, s.url, create, map[string]any{"in": map[string]any{"name": "ci", "scopes": []string{"sources:read", "users:read"}}}, carol)
	require.Equal(t, "SCOPE_EXCEEDS_OWNER", gqlCode(r), "a key never outranks its owner")
	r = gqlVars(t, s.url, create, map[string]any{"in": map[string]any{"name": "ci", "scopes": []string{"sources:read"}, "expiresAt": "2001-01-01T00:00:00Z"}}, carol)
	require.Equal(t, "INVALID_INPUT", gqlCode(r), "expiry in the past")
	made := data(t, gqlVars(t, s.url, create, map[string]any{"in": map[string]any{"name": "ci", "scopes": []string{"sources:read"}}}, carol), "createAPIKey").(map[string]any)
	key := made["key"].(string)
	require.True(t, strings.HasPrefix(key, "dbk_"))
	id := made["apiKey"].(map[string]any)["id"].(string)
	bearer := map[string]string{"Authorization": "Bearer " + key}

	v := data(t, query(t, s.url, `{ viewer { username permissions viaApiKey } }`, bearer), "viewer").(map[string]any)
	require.Equal(t, "carol", v["username"])
	require.Equal(t, []any{"sources:read"}, v["permissions"])
	require.Equal(t, true, v["viaApiKey"])
	require.Equal(t, "FORBIDDEN", gqlCode(query(t, s.url, `{ apiKeys { totalCount } }`, bearer)), "the key has only its scopes")
	r = gqlVars(t, s.url, create, map[string]any{"in": map[string]any{"name": "more", "scopes": []string{"sources:read"}}}, bearer)
	require.Equal(t, "FORBIDDEN", gqlCode(r), "a key without apikeys:write cannot make keys")

	// Carol lists only her keys and cannot revoke the administrator's.
	mine := data(t, query(t, s.url, `mutation { createAPIKey(input: {name: "admin's", scopes: ["jobs:run"]}) { apiKey { id } } }`, admin), "createAPIKey")
	adminKey := mine.(map[string]any)["apiKey"].(map[string]any)["id"]
	list := query(t, s.url, `{ apiKeys { totalCount edges { node { name owner { username } } } } }`, carol)
	require.Equal(t, float64(1), data(t, list, "apiKeys").(map[string]any)["totalCount"], list.body)
	require.Equal(t, "NOT_FOUND", gqlCode(gqlVars(t, s.url, `mutation($id: ID!) { revokeAPIKey(id: $id) { id } }`, map[string]any{"id": adminKey}, carol)))
	require.Equal(t, float64(2), data(t, query(t, s.url, `{ apiKeys { totalCount } }`, admin), "apiKeys").(map[string]any)["totalCount"])

	// Revoking works at once.
	rev := data(t, gqlVars(t, s.url, `mutation($id: ID!) { revokeAPIKey(id: $id) { revokedAt } }`, map[string]any{"id": id}, carol), "revokeAPIKey")
	require.NotNil(t, rev.(map[string]any)["revokedAt"])
	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, `{ viewer { id } }`, bearer)))
	require.NotContains(t, list.body, key)
}

func TestAuditSettingsThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)
	require.EqualValues(t, 365, data(t, query(t, s.url, `{ auditSettings { retentionDays } }`, admin), "auditSettings").(map[string]any)["retentionDays"])
	r := query(t, s.url, `mutation { updateAuditSettings(input: {retentionDays: 4000}) { retentionDays } }`, admin)
	require.Equal(t, "retentionDays", errorField(r))
	data(t, query(t, s.url, `mutation { updateAuditSettings(input: {retentionDays: 30}) { retentionDays } }`, admin), "updateAuditSettings")
	require.EqualValues(t, 30, data(t, query(t, s.url, `{ auditSettings { retentionDays } }`, admin), "auditSettings").(map[string]any)["retentionDays"])
}
