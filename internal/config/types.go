// Package config reads the Stainless-style YAML config. It is the only package
// that imports yaml.v3; everything after it sees these plain types, each with
// the position of the key it came from.
package config

import "github.com/sdkgen/sdkgen/internal/diag"

// Config is a decoded, validated config with defaults applied.
type Config struct {
	// File is the path the config was read from; empty for zero-config mode.
	File         string
	Organization Organization
	Go           GoTarget
	// ClientOpts are client_settings.opts, in file order.
	ClientOpts []*ClientOpt
	// Environments in file order; the first is the default.
	Environments []*Environment
	// Resources in file order. Nil means none were configured (zero-config
	// mode: resources come from the spec).
	Resources  []*Resource
	Pagination []*Pagination
	// OnEvent is streaming.on_event; nil when absent (the defaults apply).
	OnEvent    []*Rule
	OnEventPos diag.Pos
	// Unmapped is "" (operations the resources do not map are left out) or
	// "generate".
	Unmapped string
	Pos      diag.Pos
}

// Organization is the organization block.
type Organization struct {
	Name string
	Pos  diag.Pos
}

// GoTarget is targets.go.
type GoTarget struct {
	PackageName    string
	PackageNamePos diag.Pos
	// Module is the Go module path: targets.go.module, else derived from
	// production_repo ("github.com/<repo>"), else empty.
	Module    string
	ModulePos diag.Pos
	// ProductionRepo is targets.go.production_repo ("acme/acme-go"), with a
	// "#branch" suffix removed; empty when absent or null.
	ProductionRepo    string
	ProductionRepoPos diag.Pos
}

// ClientOpt is one client_settings.opts entry.
type ClientOpt struct {
	Key      string
	Type     string
	ReadEnv  string
	Nullable bool
	Default  any
	// SecurityScheme is auth.security_scheme: the scheme this option
	// supplies the credential for.
	SecurityScheme string
	// AuthRole is auth.role as written ("username" or "password" for HTTP
	// basic auth); empty when absent.
	AuthRole    string
	Description string
	Pos         diag.Pos
}

// Environment is a named base URL.
type Environment struct {
	Name string
	URL  string
	Pos  diag.Pos
}

// Resource is one entry of resources (or subresources).
type Resource struct {
	Name         string
	Models       []*Model
	Methods      []*Method
	Subresources []*Resource
	Pos          diag.Pos
}

// Model maps a model key to a schema.
type Model struct {
	Name string
	// Schema is the schema name ("CreateChatCompletionResponse"); a
	// "#/components/schemas/X" reference is reduced to "X".
	Schema string
	Pos    diag.Pos
}

// Method is one entry of a resource's methods.
type Method struct {
	Name string
	// HTTPMethod is upper case ("POST"); Path as written ("/chat/completions").
	HTTPMethod  string
	Path        string
	EndpointPos diag.Pos
	// Type is "http" (default) or another Stainless method type.
	Type string
	// Paginated is nil when unset; Pagination names a pagination scheme.
	Paginated     *bool
	Pagination    string
	PaginationPos diag.Pos
	// Deprecated is a message, when the method is marked deprecated.
	Deprecated string
	Streaming  *MethodStreaming
	Pos        diag.Pos
}

// MethodStreaming is a method's streaming block.
type MethodStreaming struct {
	// ParamDiscriminator is the request parameter that switches JSON and
	// stream; empty with DiscriminatorNull for an always-streaming method,
	// empty without it when unset.
	ParamDiscriminator string
	DiscriminatorNull  bool
	DiscriminatorPos   diag.Pos
	// StreamEventModel is a model path ("chat.completions.chat_completion_chunk"
	// or "$shared.x").
	StreamEventModel    string
	StreamEventModelPos diag.Pos
	ParamsTypeName      string
	ParamsTypeNamePos   diag.Pos
	// OnEvent replaces the top-level rules when HasOnEvent.
	OnEvent    []*Rule
	HasOnEvent bool
	OnEventPos diag.Pos
	// Reconnect is nil when unset (default: true for GET, false otherwise).
	Reconnect         *bool
	EventTypeProperty string
	Pos               diag.Pos
}

// Rule is one on_event entry.
type Rule struct {
	// EventTypes are the event_type values; EventTypeNull is event_type: null.
	EventTypes    []string
	EventTypeNull bool
	HasEventType  bool
	// DataStartsWith is set when HasDataStartsWith.
	DataStartsWith    string
	HasDataStartsWith bool
	// Kind is "" or "fallthrough".
	Kind string
	// Handle is yield, done, error, break or continue.
	Handle        string
	ErrorProperty string
	Pos           diag.Pos
}

// Pagination is one named pagination scheme.
type Pagination struct {
	Name string
	// Type is cursor, offset, page_number, cursor_id or another Stainless type.
	Type string
	// Request and Response are property name -> purpose
	// (x-stainless-pagination-property.purpose), in file order.
	Request  []*PaginationProperty
	Response []*PaginationProperty
	Pos      diag.Pos
}

// PaginationProperty is one property of a pagination scheme.
type PaginationProperty struct {
	Name    string
	Type    string
	Purpose string
	// IsItems is set for the response's array of items.
	IsItems bool
	Pos     diag.Pos
}
