// Package sftptest runs an in-process SFTP server for tests: an SSH server on 127.0.0.1 with a
// generated ed25519 host key, password and public-key authentication for one user, and an SFTP
// subsystem serving a temporary folder on the real file system.
//
// Every path a client sends is resolved inside that folder through an os.Root, so neither ".."
// nor a symbolic link can reach the rest of the machine. Errors mimic OpenSSH's sftp-server
// where clients depend on them: a path through a regular file is "no such file", SSH_FXP_RENAME
// refuses to replace an existing file, and posix-rename@openssh.com replaces it.
package sftptest
