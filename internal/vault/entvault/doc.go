// Package entvault seals secret columns of the ent schema with the system key.
//
// A schema declares a secret with Field (a Sensitive, GraphQL-hidden string column annotated as
// sealed) and adds Mixin, whose hook seals every such column on create and update-one: the
// plaintext set by the caller is replaced by vault's dbk1 form bound to the table, column and row
// ID before it reaches the database. Loaded entities keep the sealed value; a feature that needs
// the secret opens it with Open, and listings show State instead (SET, UNSET, UNDECRYPTABLE).
//
// The code generator (ent/template/secrets.tmpl) gives each mutation of a table with secrets the
// methods this package needs, and writes ent.SecretColumns, the list that key rotation, the key
// check and the raw-column tests walk.
package entvault
