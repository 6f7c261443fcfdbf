// Package sftp stores backups in a folder on an SSH server, over SFTP.
//
// One SSH connection carries one SFTP session per Storage; pkg/sftp clients are safe for
// concurrent use, so Puts and Gets share it. The server's host key is always verified: against a
// pinned SHA256 fingerprint when one is configured, otherwise through trust on first use, which
// the caller must ask for (Config.TrustOnFirstUse or Config.OnNewHostKey) so that the seen
// fingerprint can be shown to the user and pinned.
//
// Each key is a file under the configured root folder. Put streams into a hidden ".tmp-*" file
// in the key's folder and renames it over the key with posix-rename@openssh.com, which replaces
// atomically; servers without that extension get a remove then a plain rename, which leaves a
// short window where the key is missing. List never shows temporary files, and keys may not use
// their prefix. Folders are created as needed; files are made readable by their owner only when
// the server allows setting modes.
package sftp
