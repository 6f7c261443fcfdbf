// Package local stores backups in a folder on the DBackup host (or a mounted share).
//
// Each key is a file under the root folder. Put writes to a hidden ".tmp-<random>-<name>" file in
// the target folder, fsyncs it, renames it over the key and fsyncs the folder, so that a backup is
// either complete or absent even across a crash; RemovePartial finds a crashed Put's file by name. Folders are created as needed with mode 0700 and files
// get mode 0600: backups hold whole databases.
package local
