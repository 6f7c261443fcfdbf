// Package engines is the one list of source engines: the API serves their form descriptions to
// the web interface, and opens a stored source with the adapter its engine names.
package engines
