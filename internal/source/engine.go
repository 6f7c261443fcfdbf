package source

// FieldType says how the web interface renders a field and how Engine.Validate checks it.
type FieldType string

// The field types.
const (
	FieldString FieldType = "string" // one line of text
	FieldInt    FieldType = "int"    // a non-negative integer
	FieldBool   FieldType = "bool"   // true or false
	FieldSecret FieldType = "secret" // a password or key: write-only, sealed at rest
	FieldEnum   FieldType = "enum"   // one of Options
	FieldText   FieldType = "text"   // several lines, such as a PEM certificate
	FieldPath   FieldType = "path"   // an absolute file path on the DBackup host
)

// The names of the fields that map to Config's own fields. Any other FieldSpec.Name is a key
// of Config.Options.
const (
	FieldHost          = "host"
	FieldPort          = "port"
	FieldUsername      = "username"
	FieldPassword      = "password"
	FieldDatabase      = "database"
	FieldTLSMode       = "tls_mode"
	FieldTLSCACert     = "tls_ca_cert"
	FieldTLSClientCert = "tls_client_cert"
	FieldTLSClientKey  = "tls_client_key"
)

// OptionConnectTimeout is the option, in whole seconds, that bounds connecting (TCP, TLS and
// authentication) for the network engines.
const OptionConnectTimeout = "connect_timeout"

// FieldSpec describes one setting of an engine, so that the web interface can generate its form
// and Engine.Validate can check a Config without engine-specific code.
type FieldSpec struct {
	// Name is the Config field (FieldHost, …) or, for any other name, the Config.Options key.
	Name  string
	Label string
	Help  string
	Type  FieldType
	// Required fields must not be empty.
	Required bool
	// Default is what the form starts with; empty for none.
	Default string
	// Options are the allowed values of an enum field.
	Options []string
}

// Engine describes one database engine: its name as stored in a source's engine column, and the
// fields its form shows, in order.
type Engine struct {
	Name        string
	Label       string
	DefaultPort int // 0 for engines without a network port, such as SQLite
	Fields      []FieldSpec
}

// Field returns the spec named name.
func (e Engine) Field(name string) (FieldSpec, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldSpec{}, false
}
