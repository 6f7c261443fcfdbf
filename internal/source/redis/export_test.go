package redis

import "io"

// RDBKeys reads an RDB stream and returns the keys of each logical database.
func RDBKeys(r io.Reader) (map[int][]string, error) {
	keys := map[int][]string{}
	err := readRDB(r, rdbHandler{Key: func(e rdbEntry) error {
		keys[e.DB] = append(keys[e.DB], string(e.Key))
		return nil
	}})
	return keys, err
}
