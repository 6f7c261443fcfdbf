// Package pulid provides prefixed, time-sortable identifiers for every entity.
//
// An ID looks like "set_01JDQ3Z6V6T2G4F2A7Q2M9KXHB": a short prefix naming the entity type,
// an underscore, and a ULID. The prefix lets the GraphQL `node(id:)` query find the table
// without a lookup table, and makes IDs in logs and URLs self-explaining.
package pulid
