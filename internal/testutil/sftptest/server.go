package sftptest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// The test user's credentials.
const (
	User     = "backup"
	Password = "correct horse battery staple"
)

// Server is a running SFTP server, stopped when the test ends.
type Server struct {
	// Addr is the listening address, "127.0.0.1:port".
	Addr string
	// Host and Port are Addr split, as an adapter's settings want them.
	Host string
	Port int
	// HostKey is the server's public host key, and HostKeyFingerprint its SHA256 fingerprint as
	// ssh-keygen -lf prints it.
	HostKey            ssh.PublicKey
	HostKeyFingerprint string
	// User and Password log in with password authentication.
	User, Password string
	// ClientKeyPEM is an unencrypted OpenSSH private key whose public half is authorized for User.
	ClientKeyPEM []byte
	// Root is the folder on disk that clients see as "/".
	Root string

	clientKey ed25519.PrivateKey
	opts      options
	root      *os.Root
	listener  net.Listener
	wg        sync.WaitGroup
	mu        sync.Mutex
	conns     map[net.Conn]struct{}
	closed    bool
}

// Option changes how the server behaves.
type Option func(*options)

type options struct {
	noPosixRename bool
	readOnly      bool
}

// WithoutPosixRename makes the server refuse posix-rename@openssh.com with
// SSH_FX_OP_UNSUPPORTED, as servers without the extension do, so that a client's fallback to
// SSH_FXP_RENAME is exercised.
func WithoutPosixRename() Option { return func(o *options) { o.noPosixRename = true } }

// ReadOnly makes every change (write, create, rename, remove, mkdir, setstat) fail with
// SSH_FX_PERMISSION_DENIED, as a server does for a user without write access. Tests running as
// root cannot get that from file modes.
func ReadOnly() Option { return func(o *options) { o.readOnly = true } }

// New starts a server on a free port of 127.0.0.1 serving a new temporary folder, and stops it
// with t.Cleanup.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{User: User, Password: Password, Root: t.TempDir(), conns: map[net.Conn]struct{}{}}
	for _, o := range opts {
		o(&s.opts)
	}
	if err := s.start(); err != nil {
		t.Fatalf("sftptest: %v", err)
	}
	t.Cleanup(s.stop)
	return s
}

func (s *Server) start() error {
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	hostSigner, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		return err
	}
	s.HostKey = hostSigner.PublicKey()
	s.HostKeyFingerprint = ssh.FingerprintSHA256(s.HostKey)

	_, s.clientKey, err = ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := ssh.MarshalPrivateKey(s.clientKey, "sftptest client")
	if err != nil {
		return err
	}
	s.ClientKeyPEM = pem.EncodeToMemory(block)
	clientPub, err := ssh.NewPublicKey(s.clientKey.Public())
	if err != nil {
		return err
	}

	if s.root, err = os.OpenRoot(s.Root); err != nil {
		return err
	}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if c.User() == s.User && subtle.ConstantTimeCompare(pw, []byte(s.Password)) == 1 {
				return nil, nil
			}
			return nil, errors.New("wrong user or password")
		},
		PublicKeyCallback: func(c ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if c.User() == s.User && subtle.ConstantTimeCompare(key.Marshal(), clientPub.Marshal()) == 1 {
				return nil, nil
			}
			return nil, errors.New("key not authorized")
		},
	}
	cfg.AddHostKey(hostSigner)

	s.listener, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := s.listener.Addr().(*net.TCPAddr)
	s.Addr, s.Host, s.Port = addr.String(), addr.IP.String(), addr.Port
	s.wg.Go(func() { s.accept(cfg) })
	return nil
}

// EncryptedClientKeyPEM returns the client key of ClientKeyPEM encrypted with passphrase.
func (s *Server) EncryptedClientKeyPEM(passphrase string) ([]byte, error) {
	block, err := ssh.MarshalPrivateKeyWithPassphrase(s.clientKey, "sftptest client", []byte(passphrase))
	if err != nil {
		return nil, fmt.Errorf("sftptest: encrypt client key: %w", err)
	}
	return pem.EncodeToMemory(block), nil
}

func (s *Server) accept(cfg *ssh.ServerConfig) {
	for {
		conn, err := s.listener.Accept()
		if err != nil {
			return // closed by stop
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = conn.Close()
			return
		}
		s.conns[conn] = struct{}{}
		s.mu.Unlock()
		s.wg.Go(func() {
			defer func() {
				s.mu.Lock()
				delete(s.conns, conn)
				s.mu.Unlock()
				_ = conn.Close()
			}()
			s.serveConn(conn, cfg)
		})
	}
}

// serveConn runs one SSH connection: every "session" channel may start the "sftp" subsystem.
func (s *Server) serveConn(conn net.Conn, cfg *ssh.ServerConfig) {
	sc, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		return // failed handshake or authentication; the client sees why
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	var wg sync.WaitGroup
	defer wg.Wait()
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, chReqs, err := nc.Accept()
		if err != nil {
			continue
		}
		wg.Go(func() { s.serveSession(ch, chReqs) })
	}
}

func (s *Server) serveSession(ch ssh.Channel, reqs <-chan *ssh.Request) {
	defer ch.Close()
	for req := range reqs {
		var sub struct{ Name string }
		if req.Type != "subsystem" || ssh.Unmarshal(req.Payload, &sub) != nil || sub.Name != "sftp" {
			_ = req.Reply(false, nil)
			continue
		}
		_ = req.Reply(true, nil)
		go ssh.DiscardRequests(reqs)
		h := &handler{root: s.root, opts: s.opts}
		srv := sftp.NewRequestServer(ch, sftp.Handlers{FileGet: h, FilePut: h, FileCmd: h, FileList: h})
		_ = srv.Serve()
		_ = srv.Close()
		return
	}
}

// stop closes the listener and every connection, and waits for their goroutines.
func (s *Server) stop() {
	s.mu.Lock()
	s.closed = true
	_ = s.listener.Close()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	_ = s.root.Close()
}
