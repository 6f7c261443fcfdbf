// Package kinds lists every storage kind DBackup offers, so that the API can describe their
// forms to the web interface and open a destination from its stored settings by kind name.
package kinds
