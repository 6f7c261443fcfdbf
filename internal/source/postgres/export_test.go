package postgres

// SetToolSearch makes p look for its client tools with lookPath and in dirs only.
func SetToolSearch(p *Postgres, lookPath func(string) (string, error), dirs ...string) {
	p.tools = toolFinder{lookPath: lookPath, dirs: func() []string { return dirs }}
}
