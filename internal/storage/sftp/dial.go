package sftp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/dbackup/dbackup/internal/connerr"
)

// connectTimeout bounds connecting, the SSH handshake, starting SFTP and checking the root
// folder when ctx has no earlier deadline: an unanswered SYN otherwise waits minutes.
const connectTimeout = 30 * time.Second

// New connects to the server, verifies its host key, logs in, starts SFTP and checks that the
// root folder exists. Failures are connerr errors: Config, Unreachable, HostKey, Auth,
// Permission or NotFound.
func New(ctx context.Context, cfg Config) (*SFTP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	auth, err := cfg.authMethods()
	if err != nil {
		return nil, err
	}
	addr := cfg.addr()
	op := "connect to sftp " + addr
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	hk := &hostKeyCheck{pinned: cfg.pinned(), trust: cfg.TrustOnFirstUse, onNewHostKey: cfg.OnNewHostKey}
	sshCfg := &ssh.ClientConfig{
		User:              cfg.User,
		Auth:              auth,
		HostKeyCallback:   hk.callback,
		HostKeyAlgorithms: hostKeyAlgorithms,
	}

	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, connerr.New(connerr.Unreachable, op, err, "check the host and port, and that a firewall lets DBackup through")
	}
	// The deadline bounds every step below; cancelling ctx moves it to the past so that a
	// blocked read returns at once.
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })

	s, err := connect(conn, addr, cfg, sshCfg, hk)
	if stopped := stop(); err == nil && !stopped {
		_ = s.Close()
		err = ctx.Err()
	}
	if err != nil {
		_ = conn.Close()
		switch ctxErr := ctx.Err(); {
		case errors.Is(ctxErr, context.DeadlineExceeded):
			return nil, connerr.New(connerr.Unreachable, op, ctxErr, "the server did not answer in time")
		case ctxErr != nil:
			return nil, fmt.Errorf("%s: %w", op, ctxErr)
		}
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return s, nil
}

// connect runs the SSH handshake, starts SFTP and checks the root on an open connection.
func connect(conn net.Conn, addr string, cfg Config, sshCfg *ssh.ClientConfig, hk *hostKeyCheck) (*SFTP, error) {
	op := "connect to sftp " + addr
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, sshCfg)
	if err != nil {
		return nil, handshakeError(op, cfg, err, hk)
	}
	sshClient := ssh.NewClient(c, chans, reqs)
	client, err := sftp.NewClient(sshClient, sftp.UseConcurrentWrites(true))
	if err != nil {
		_ = sshClient.Close()
		return nil, connerr.New(connerr.Other, "start sftp on "+addr, err, "enable the SFTP subsystem in the server's sshd_config")
	}
	fp, _ := hk.state()
	_, posix := client.HasExtension(posixRenameExt)
	s := &SFTP{ssh: sshClient, client: client, root: cfg.root(), fingerprint: fp, user: cfg.User}
	s.posixRename.Store(posix)
	if err := s.checkRoot(); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// handshakeError classifies a failed SSH handshake by how far it got: a refused host key is
// HostKey, a failure after the key was accepted is authentication unless the connection broke,
// and anything before is a server that does not speak SSH.
func handshakeError(op string, cfg Config, err error, hk *hostKeyCheck) error {
	var hkErr *HostKeyError
	if errors.As(err, &hkErr) {
		hint := "if the server's key was changed on purpose, pin the new fingerprint; otherwise someone may be intercepting the connection"
		switch {
		case hkErr.Pinned == "" && hkErr.Err == nil:
			hint = "pin it in host_key_fingerprint after checking it on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), or enable trust_on_first_use"
		case hkErr.Pinned == "":
			hint = ""
		}
		return connerr.New(connerr.HostKey, op, hkErr, hint)
	}
	var netErr net.Error
	broken := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &netErr)
	if _, accepted := hk.state(); accepted && !broken {
		return connerr.New(connerr.Auth, op, err, fmt.Sprintf("check the username %q and the password or key", cfg.User))
	}
	return connerr.New(connerr.Unreachable, op, err, "check that the port is the SSH server's")
}

// checkRoot fails with NotFound when the root folder is missing.
func (s *SFTP) checkRoot() error {
	op := fmt.Sprintf("open sftp folder %q", s.root)
	fi, err := s.client.Stat(s.root)
	switch {
	case isNotExist(err):
		return connerr.New(connerr.NotFound, op, err, "create the folder on the server")
	case err != nil:
		return s.classify(op, err)
	case !fi.IsDir():
		return connerr.Newf(connerr.Config, "path", "enter the path of a folder", "%s on the server is not a folder", s.root)
	}
	return nil
}
