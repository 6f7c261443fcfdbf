package notify_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

const (
	smtpUser     = "dbackup"
	smtpPassword = "correct-horse-battery"
)

// mailbox is a go-smtp backend that accepts AUTH PLAIN for smtpUser and keeps every message.
type mailbox struct {
	mu       sync.Mutex
	messages []delivered
}

type delivered struct {
	from string
	to   []string
	data []byte
	tls  bool
}

func (m *mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &smtpSession{box: m, tls: isTLS, conn: c}, nil
}

type smtpSession struct {
	box    *mailbox
	conn   *smtp.Conn
	tls    bool
	authed bool
	cur    delivered
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != smtpUser || pass != smtpPassword {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = delivered{from: from}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = data
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.box.mu.Lock()
	s.box.messages = append(s.box.messages, s.cur)
	s.box.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.cur = delivered{} }
func (s *smtpSession) Logout() error { return nil }

// startSMTP serves box on a loopback port, with STARTTLS when cert is set, and returns the port.
func startSMTP(t *testing.T, box *mailbox, cert *tls.Certificate) int {
	return startSMTPMode(t, box, cert, false)
}

// startSMTPMode is startSMTP; implicit serves TLS from the first byte instead of STARTTLS.
func startSMTPMode(t *testing.T, box *mailbox, cert *tls.Certificate, implicit bool) int {
	t.Helper()
	srv := smtp.NewServer(box)
	srv.Domain = "127.0.0.1"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	// Loopback is trusted: PLAIN is allowed before STARTTLS, as go-mail allows it to localhost.
	srv.AllowInsecureAuth = true
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	if implicit {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned returns a certificate for 127.0.0.1 and its PEM.
func selfSigned(t *testing.T) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "DBackup test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func emailChannel(port int, security, password, caCert string) notify.Channel {
	c := notify.Channel{Kind: notify.KindEmail,
		Settings: map[string]string{"host": "127.0.0.1", "port": strconv.Itoa(port), "security": security,
			"username": smtpUser, "from": "DBackup <dbackup@example.com>", "to": "ops@example.com, DBA <dba@example.com>"},
		Secrets: secrets("password", password)}
	if caCert != "" {
		c.Settings["ca_cert"] = caCert
	}
	return c
}

// parts returns the decoded text/plain and text/html parts of a multipart/alternative message.
func parts(t *testing.T, msg *mail.Message) (plain, html string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt)
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		var r io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			r = quotedprintable.NewReader(p)
		}
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			plain = string(body)
		case "text/html":
			html = string(body)
		}
	}
	return plain, html
}

func TestEmail(t *testing.T) {
	cert, caPEM := selfSigned(t)
	for _, tc := range []struct {
		name     string
		security string
		cert     *tls.Certificate
		ca       string
		implicit bool
	}{
		{name: "plain", security: notify.SecurityNone},
		{name: "starttls", security: notify.SecurityStartTLS, cert: &cert, ca: caPEM},
		{name: "implicit tls", security: notify.SecurityTLS, cert: &cert, ca: caPEM, implicit: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			box := &mailbox{}
			port := startSMTPMode(t, box, tc.cert, tc.implicit)
			c := emailChannel(port, tc.security, smtpPassword, tc.ca)
			require.NoError(t, testSender(nil).Send(context.Background(), c, testEvent()))

			require.Len(t, box.messages, 1)
			d := box.messages[0]
			require.Equal(t, tc.cert != nil, d.tls, "STARTTLS was used exactly when asked for")
			require.Equal(t, "dbackup@example.com", d.from)
			require.Equal(t, []string{"ops@example.com", "dba@example.com"}, d.to)

			msg, err := mail.ReadMessage(bytes.NewReader(d.data))
			require.NoError(t, err)
			from, err := mail.ParseAddress(msg.Header.Get("From"))
			require.NoError(t, err)
			require.Equal(t, "dbackup@example.com", from.Address)
			to, err := msg.Header.AddressList("To")
			require.NoError(t, err)
			require.Len(t, to, 2)
			require.Equal(t, "ops@example.com", to[0].Address)
			require.Equal(t, "dba@example.com", to[1].Address)
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			require.NoError(t, err)
			require.Equal(t, "[DBackup] Backup of shop failed", subject)
			date, err := msg.Header.Date()
			require.NoError(t, err)
			require.True(t, testTime.Equal(date), "Date is the event time, got %v", date)

			plain, html := parts(t, msg)
			require.Equal(t, "Backup of shop failed\n\npg_dump exited with status 1 <stderr> & more\n\n"+
				"Job: nightly\nSource: shop (postgres)\nError: connection refused\n\nhttps://dbackup.example.com/jobs/42\n",
				strings.ReplaceAll(plain, "\r\n", "\n"))
			require.Contains(t, html, "<h2 style=\"color: #dc2626;\">Backup of shop failed</h2>")
			require.Contains(t, html, "pg_dump exited with status 1 &lt;stderr&gt; &amp; more", "the HTML is escaped")
			require.Contains(t, html, "<tr><th align=\"left\">Source</th><td>shop (postgres)</td></tr>")
			require.Contains(t, html, `<a href="https://dbackup.example.com/jobs/42">Open in DBackup</a>`)
		})
	}
}

func TestEmailWrongPasswordIsPermanent(t *testing.T) {
	box := &mailbox{}
	port := startSMTP(t, box, nil)
	err := testSender(nil).Send(context.Background(), emailChannel(port, notify.SecurityNone, "wrong-password-x", ""), testEvent())

	se := sendErr(t, err)
	require.False(t, se.Temporary(), "%v", err)
	require.Equal(t, notify.KindEmail, se.Kind)
	require.NotContains(t, err.Error(), "wrong-password-x")
	require.Empty(t, box.messages)
	t.Log(err)
}

func TestEmailUntrustedCertificateIsPermanent(t *testing.T) {
	cert, _ := selfSigned(t)
	box := &mailbox{}
	port := startSMTP(t, box, &cert)
	// Without ca_cert the self-signed certificate is not trusted, and verification is on by default.
	err := testSender(nil).Send(context.Background(), emailChannel(port, notify.SecurityStartTLS, smtpPassword, ""), testEvent())

	se := sendErr(t, err)
	require.False(t, se.Temporary(), "%v", err)
	require.NotContains(t, err.Error(), smtpPassword)
	require.Empty(t, box.messages)
}

func TestEmailStartTLSRequired(t *testing.T) {
	box := &mailbox{}
	port := startSMTP(t, box, nil) // no TLS offered
	err := testSender(nil).Send(context.Background(), emailChannel(port, notify.SecurityStartTLS, smtpPassword, ""), testEvent())
	sendErr(t, err)
	require.Empty(t, box.messages, "starttls never falls back to plain text")
}

func TestEmailServerDownIsTemporary(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	err = testSender(nil).Send(context.Background(), emailChannel(port, notify.SecurityNone, smtpPassword, ""), testEvent())
	se := sendErr(t, err)
	require.True(t, se.Temporary(), "%v", err)
}
