package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// The values of the email "security" setting.
const (
	SecurityStartTLS = "starttls" // plain connection upgraded with STARTTLS, which must succeed
	SecurityTLS      = "tls"      // TLS from the first byte ("SMTPS", usually port 465)
	SecurityNone     = "none"     // no encryption, for a relay on a trusted network
)

var emailSpec = Spec{Kind: KindEmail, Label: "Email", Fields: []Field{
	{Name: "host", Label: "SMTP host", Type: FieldString, Required: true,
		Help: "Host name of the SMTP server, such as smtp.example.com."},
	{Name: "port", Label: "Port", Type: FieldInt, Default: "587",
		Help: "587 for STARTTLS, 465 for TLS, 25 for an unencrypted relay."},
	{Name: "security", Label: "Security", Type: FieldEnum, Default: SecurityStartTLS,
		Options: []string{SecurityStartTLS, SecurityTLS, SecurityNone},
		Help:    "starttls: upgrade the connection, failing if the server cannot; tls: TLS from the start; none: no encryption."},
	{Name: "username", Label: "Username", Type: FieldString,
		Help: "User to log in as; empty for a server that does not require authentication."},
	{Name: "password", Label: "Password", Type: FieldSecret, Secret: true,
		Help: "Password of the user; stored encrypted."},
	{Name: "from", Label: "From", Type: FieldString, Required: true,
		Help: "Sender address, such as DBackup <dbackup@example.com>."},
	{Name: "to", Label: "To", Type: FieldString, Required: true,
		Help: "Recipient addresses, separated by commas."},
	{Name: "insecure_skip_verify", Label: "Skip certificate verification", Type: FieldBool, Default: "false",
		Help: "Accept any server certificate. Anyone on the network path can then read the password; prefer a CA certificate."},
	{Name: "ca_cert", Label: "CA certificate", Type: FieldText,
		Help: "PEM certificate of the CA that signed the server's certificate; empty for the system's CAs."},
}}

// maxPort is the largest TCP port.
const maxPort = 65535

// emailAuthMechs are the SASL mechanisms offered to the server, strongest first. go-mail
// refuses PLAIN and LOGIN on an unencrypted connection to anything but localhost.
var emailAuthMechs = []gomail.SMTPAuthType{gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
	gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin}

func checkEmail(c Channel) error {
	if p, _ := strconv.Atoi(c.value(emailSpec, "port")); p < 1 || p > maxPort {
		return fieldError("port", "enter a port between 1 and 65535, usually 587", "Port %s is out of range", c.value(emailSpec, "port"))
	}
	if _, err := mail.ParseAddress(c.value(emailSpec, "from")); err != nil {
		return fieldError("from", "enter one address, such as dbackup@example.com", "From %q is not an email address", c.value(emailSpec, "from"))
	}
	if _, err := recipients(c.value(emailSpec, "to")); err != nil {
		return err
	}
	if pem := c.value(emailSpec, "ca_cert"); pem != "" && !x509.NewCertPool().AppendCertsFromPEM([]byte(pem)) {
		return fieldError("ca_cert", "paste the PEM text, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----", "CA certificate holds no PEM certificate")
	}
	if c.value(emailSpec, "password") != "" && c.value(emailSpec, "username") == "" {
		return fieldError("username", "enter the user the password belongs to", "Username is required with a password")
	}
	return nil
}

// recipients splits the comma-separated "to" setting.
func recipients(to string) ([]string, error) {
	list, err := mail.ParseAddressList(to)
	if err != nil || len(list) == 0 {
		return nil, fieldError("to", "separate addresses with commas, such as ops@example.com, dba@example.com", "To %q is not a list of email addresses", to)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.String()
	}
	return out, nil
}

func sendEmail(ctx context.Context, s *Sender, c Channel, e Event) error {
	red := newRedactor(c)
	fail := func(op string, err error) error {
		return &SendError{Kind: KindEmail, Op: op, Detail: red.clean(err.Error()), temporary: smtpRetryable(err), err: err}
	}
	msg, err := emailMessage(c, e)
	if err != nil {
		return fail("compose email", err)
	}
	client, err := emailClient(c)
	if err != nil {
		return fail("configure SMTP client", err)
	}
	host := c.value(emailSpec, "host") + ":" + c.value(emailSpec, "port")
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fail("send via "+host, err)
	}
	return nil
}

func emailMessage(c Channel, e Event) (*gomail.Msg, error) {
	to, err := recipients(c.value(emailSpec, "to"))
	if err != nil {
		return nil, err
	}
	m := gomail.NewMsg()
	if err := m.From(c.value(emailSpec, "from")); err != nil {
		return nil, err
	}
	if err := m.To(to...); err != nil {
		return nil, err
	}
	m.Subject("[DBackup] " + e.Title)
	m.SetDateWithValue(e.Time)
	m.SetMessageID()
	m.SetBodyString(gomail.TypeTextPlain, e.Title+"\n\n"+e.text()+"\n")
	html, err := emailHTML(e)
	if err != nil {
		return nil, err
	}
	m.AddAlternativeString(gomail.TypeTextHTML, html)
	return m, nil
}

func emailClient(c Channel) (*gomail.Client, error) {
	host := c.value(emailSpec, "host")
	port, _ := strconv.Atoi(c.value(emailSpec, "port"))
	skip, _ := strconv.ParseBool(c.value(emailSpec, "insecure_skip_verify"))
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: skip} //nolint:gosec // opt-in, documented in the field help
	if pem := c.value(emailSpec, "ca_cert"); pem != "" {
		tc.RootCAs = x509.NewCertPool()
		tc.RootCAs.AppendCertsFromPEM([]byte(pem))
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(Timeout), gomail.WithTLSConfig(tc)}
	switch c.value(emailSpec, "security") {
	case SecurityTLS:
		opts = append(opts, gomail.WithSSL())
	case SecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if user := c.value(emailSpec, "username"); user != "" {
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(emailAuthMechs...),
			gomail.WithUsername(user), gomail.WithPassword(c.value(emailSpec, "password")))
	}
	return gomail.NewClient(host, opts...)
}

// smtpRetryable reports whether an SMTP failure may pass: a 4xx reply or a network failure.
// A 5xx reply (such as 535 authentication failed), a refused mechanism and certificate problems
// are permanent.
func smtpRetryable(err error) bool {
	var (
		se    *gomail.SendError
		reply *textproto.Error
		nerr  net.Error
	)
	switch {
	case errors.As(err, &se):
		return se.IsTemp()
	case errors.As(err, &reply):
		return reply.Code >= 400 && reply.Code < 500
	case errors.As(err, &nerr):
		return retryable(err)
	case errors.Is(err, context.DeadlineExceeded):
		return true
	}
	return strings.HasPrefix(strings.TrimSpace(err.Error()), "4")
}
