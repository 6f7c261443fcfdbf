package source

import "strconv"

// The TLS modes of Config.TLSMode, with libpq's meaning.
const (
	TLSDisable    = "disable"     // never TLS
	TLSPrefer     = "prefer"      // TLS when the server offers it, without verifying it; else plain
	TLSRequire    = "require"     // TLS, without verifying the server unless a CA is given
	TLSVerifyCA   = "verify_ca"   // TLS, the server's chain verified against the CA
	TLSVerifyFull = "verify_full" // TLS, the chain and the host name verified
)

// TLSModes lists every TLS mode, weakest first.
var TLSModes = []string{TLSDisable, TLSPrefer, TLSRequire, TLSVerifyCA, TLSVerifyFull}

// DefaultConnectTimeout is the default of OptionConnectTimeout in seconds: long enough for a
// server across the world, short enough that a connection test does not look hung.
const DefaultConnectTimeout = 10

// HostField is the host name or IP address of a server.
func HostField() FieldSpec {
	return FieldSpec{Name: FieldHost, Label: "Host", Type: FieldString, Required: true,
		Help: "Host name or IP address of the server, as seen from DBackup."}
}

// PortField is the TCP port, empty meaning def.
func PortField(def int) FieldSpec {
	return FieldSpec{Name: FieldPort, Label: "Port", Type: FieldInt, Default: strconv.Itoa(def),
		Help: "TCP port; leave empty for " + strconv.Itoa(def) + "."}
}

// UsernameField is the user to connect as.
func UsernameField(def string, required bool) FieldSpec {
	return FieldSpec{Name: FieldUsername, Label: "Username", Type: FieldString, Required: required, Default: def,
		Help: "User to connect as."}
}

// PasswordField is the password of the user.
func PasswordField() FieldSpec {
	return FieldSpec{Name: FieldPassword, Label: "Password", Type: FieldSecret,
		Help: "Password of the user; stored encrypted."}
}

// ConnectTimeoutField bounds connecting, in seconds.
func ConnectTimeoutField() FieldSpec {
	return FieldSpec{Name: OptionConnectTimeout, Label: "Connect timeout (seconds)", Type: FieldInt,
		Default: strconv.Itoa(DefaultConnectTimeout),
		Help:    "How long to wait for the server to accept a connection before giving up."}
}

// TLSFields are the TLS mode (one of modes, def first in the form) and the PEM certificates.
func TLSFields(modes []string, def string) []FieldSpec {
	return []FieldSpec{
		{Name: FieldTLSMode, Label: "TLS", Type: FieldEnum, Options: modes, Default: def,
			Help: "disable: never; prefer: when offered, unverified; require: always, unverified unless a CA is given; " +
				"verify_ca: verify the server's certificate; verify_full: also verify the host name."},
		{Name: FieldTLSCACert, Label: "CA certificate", Type: FieldText,
			Help: "PEM certificate of the CA that signed the server's certificate; empty for the system's CAs."},
		{Name: FieldTLSClientCert, Label: "Client certificate", Type: FieldText,
			Help: "PEM client certificate, for servers that authenticate clients by certificate."},
		{Name: FieldTLSClientKey, Label: "Client key", Type: FieldSecret,
			Help: "PEM private key of the client certificate; stored encrypted."},
	}
}
