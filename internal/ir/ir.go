// Package ir is the plain-data model between the spec and the emitted code.
// Every decision is made while the IR is built: the resource tree, Go names
// (already unique), type mapping, where each parameter goes, and how each
// method streams. The emitter only renders it. Slices, never maps an emitter
// would range over; every node keeps its spec position.
package ir

import "github.com/sdkgen/sdkgen/internal/diag"

// API is one SDK.
type API struct {
	// Name is the organization name, used in README and User-Agent.
	Name string
	// Package is the root package name; ImportPath its import path.
	Package    string
	ImportPath string
	// Module is the module path written to go.mod when WriteGoMod is set.
	Module     string
	WriteGoMod bool
	// Title, Description and Version come from the spec's info.
	Title       string
	Description string
	Version     string
	// EnvPrefix prefixes the environment variables NewClient reads
	// (ACME_BASE_URL).
	EnvPrefix    string
	Environments []*Environment
	Auth         []*AuthSetting
	Resources    []*Resource
	// Types are every named type, sorted by file then declaration order.
	Types []*Type
	// Files lists the resource files in order, each with its types.
	Files []*File
}

// File is one generated Go file of the root package holding a resource's
// service and the types declared with it.
type File struct {
	// Name is the file name, "chat_completion.go".
	Name string
	// Resource is nil for shared.go, which holds the $shared models only.
	Resource *Resource
	Types    []*Type
}

// Environment is a named base URL.
type Environment struct {
	// Name is the Go suffix: option.WithEnvironment<Name>.
	Name string
	Key  string
	URL  string
}

// AuthSetting is one credential the client can carry.
type AuthSetting struct {
	// Setting is the config key ("api_key"); Option the Go option name
	// ("WithAPIKey").
	Setting string
	Option  string
	// Kind is bearer, basic, header, query or cookie; Param names the header,
	// query or cookie.
	Kind  string
	Param string
	// Env is the environment variable NewClient reads, or "".
	Env         string
	Description string
}

// Resource is a service: client.Chat.Completions.
type Resource struct {
	// Key is the config name ("completions"); Path the dotted path from the
	// root ("chat.completions").
	Key  string
	Path string
	// Field is the Go field on the parent ("Completions"); Service the type
	// ("ChatCompletionService").
	Field        string
	Service      string
	Doc          string
	Methods      []*Method
	Subresources []*Resource
	Pos          diag.Pos
}

// Method is one Go method on a service. A dual-mode endpoint is one Method
// whose Streaming has a Discriminator; the emitter renders M and MStreaming.
type Method struct {
	// Key is the config key ("create"); Name the Go name ("Create").
	Key        string
	Name       string
	HTTPMethod string
	// Path is the spec path ("/pets/{petId}").
	Path       string
	Summary    string
	Doc        string
	Deprecated string
	// PathParams are positional arguments, in path order.
	PathParams []*PathParam
	// Params is the params struct type, nil when the method takes none.
	Params *Type
	// ParamsAliases are extra names for Params (…Streaming, …NonStreaming).
	ParamsAliases []string
	// Body says how the request body is sent.
	Body BodyKind
	// BodyField is the Params field holding a non-object body.
	BodyField string
	// BodyContentType is the media type of a raw body.
	BodyContentType string
	// Response is the 2xx JSON response type; nil when there is none.
	Response *TypeRef
	// RawResponse is set when the 2xx response is not JSON: bytes.
	RawResponse bool
	// Errors maps declared error statuses to their types.
	Errors    []*ErrorType
	Streaming *Streaming
	// Pagination is set for a list method with an auto-paging twin.
	Pagination *Pagination
	Pos        diag.Pos
}

// Pagination says how a list method's AutoPaging twin moves from page to
// page.
type Pagination struct {
	// Kind is "cursor", "offset" or "page".
	Kind string
	// Name is the AutoPaging method's Go name.
	Name string
	// Param is the params field the twin moves forward: the cursor, the
	// offset or the page number.
	Param *Field
	// Items is the response field holding the page's items; Item their
	// type.
	Items *Field
	Item  *TypeRef
	// Cursor is the response field with the next cursor (Kind "cursor").
	Cursor *Field
}

// BodyKind says how a request body is sent.
type BodyKind int

// Request body kinds.
const (
	// NoBody: the method sends no body.
	NoBody BodyKind = iota
	// JSONObject: the params struct itself encodes to the JSON object body
	// (query and header fields are tagged json:"-").
	JSONObject
	// JSONValue: the params field BodyField is encoded as the JSON body.
	JSONValue
	// RawBody: the params field BodyField is an io.Reader sent as is.
	RawBody
	// FormObject: the params struct is sent as
	// application/x-www-form-urlencoded.
	FormObject
	// MultipartObject: the params struct is sent as multipart/form-data;
	// its io.Reader fields are files.
	MultipartObject
)

// PathParam is a positional path argument.
type PathParam struct {
	// Name is the spec name ("petId"); Arg the Go argument ("petID").
	Name string
	Arg  string
	Type *TypeRef
	Doc  string
}

// ErrorType is the declared body type of an error status.
type ErrorType struct {
	// Status is "404", "4XX" or "default".
	Status string
	Type   *TypeRef
}

// StreamFormat is a sequential media type family.
type StreamFormat int

// Stream formats.
const (
	SSE StreamFormat = iota
	NDJSON
	JSONSeq
)

// Streaming says how a method streams.
type Streaming struct {
	Format    StreamFormat
	MediaType string
	// Accept lists every stream media type the operation offers, the
	// preferred (first) one first; the runtime decodes whichever the server
	// answers with.
	Accept string
	// Discriminator is set for a dual-mode method: the parameter the
	// streaming twin sets to true.
	Discriminator *Discriminator
	// Event is each event's type.
	Event *TypeRef
	// Envelope: Event is an {id, event, data, retry} envelope.
	Envelope bool
	// Rules are the on_event table; nil means the runtime defaults.
	Rules             []*Rule
	Reconnect         bool
	EventTypeProperty string
}

// Discriminator is the stream switch of a dual-mode method.
type Discriminator struct {
	// Name is the parameter's wire name; In is body, query, header or form.
	Name string
	In   string
	// DefaultTrue: the spec's default is true, so the JSON twin sends false.
	DefaultTrue bool
}

// Rule is one on_event rule, as data for the runtime.
type Rule struct {
	EventTypes    []string
	NoEventType   bool
	DataPrefix    string
	HasDataPrefix bool
	Fallthrough   bool
	Action        string // yield, done, error, break, continue
	ErrorProperty string
}

// TypeKind is the shape of a TypeRef.
type TypeKind int

// Type reference kinds.
const (
	// Named refers to a Type declared in the SDK.
	Named TypeKind = iota
	// Builtin is a Go builtin or standard type: string, int64, float64,
	// bool, any, json.RawMessage, time.Time, []byte, io.Reader.
	Builtin
	Slice
	Map
	Pointer
)

// TypeRef is a Go type expression.
type TypeRef struct {
	Kind TypeKind
	// Named: the declared type.
	Type *Type
	// Builtin: the type's spelling ("string", "json.RawMessage").
	Builtin string
	// Slice, Map (string keys) and Pointer: the element.
	Elem *TypeRef
}

// DeclKind is the kind of a declared type.
type DeclKind int

// Declared type kinds.
const (
	// Struct: an object with fields.
	Struct DeclKind = iota
	// Enum: a defined string or integer type with constants; open to values
	// the spec does not list.
	Enum
	// Defined: "type Name <Underlying>" (arrays, maps, primitives with a
	// component name).
	Defined
	// Union: a oneOf/anyOf. It keeps the raw JSON and decodes the variant on
	// demand; a variant it does not know is kept, never dropped.
	Union
)

// UnionStrategy says how a union tells its variants apart when decoding.
type UnionStrategy int

// Union decoding strategies, tried in this order when the IR is built.
const (
	// ByDiscriminator reads a property (declared, or one every variant
	// fixes to a distinct constant) and picks the variant by its value.
	ByDiscriminator UnionStrategy = iota
	// ByKind picks the variant by the JSON type of the value (string,
	// number, boolean, array, object).
	ByKind
	// ByRequired picks the object variant whose unique required property is
	// present.
	ByRequired
	// ByTrying decodes into each variant in order and keeps the first that
	// fits.
	ByTrying
)

// Variant is one member of a union.
type Variant struct {
	// Name is the accessor suffix: AsName, NewUnionFromName.
	Name string
	Type *TypeRef
	// Values are the discriminator values that select it.
	Values []string
	// Kind is the JSON type for ByKind: string, number, boolean, array,
	// object.
	Kind string
	// Required is the property whose presence selects it for ByRequired.
	Required string
}

// Type is a named Go type declaration.
type Type struct {
	Name string
	Kind DeclKind
	Doc  string
	// Deprecated is the deprecation note, if any.
	Deprecated string
	Fields     []*Field
	// Underlying is the type of an Enum or Defined declaration.
	Underlying *TypeRef
	Values     []*EnumValue
	// Variants, Strategy and Discriminator describe a Union.
	Variants      []*Variant
	Strategy      UnionStrategy
	Discriminator string
	// IsParams marks a params struct: optional fields are pointers.
	IsParams bool
	// Source names where the type came from, for diagnostics
	// ("#/components/schemas/Pet", "POST /pets request body").
	Source string
	Pos    diag.Pos
}

// Field is one struct field.
type Field struct {
	Name string
	// Wire is the JSON property, query, header or cookie name.
	Wire string
	// In is "" for a JSON property, or query, header, cookie.
	In   string
	Type *TypeRef
	// Required fields are always sent; optional ones are omitted when unset.
	Required bool
	Nullable bool
	// Query encoding for In == query.
	Style   string
	Explode bool
	Doc     string
	// Deprecated is the deprecation note, if any.
	Deprecated string
}

// EnumValue is one constant of an Enum.
type EnumValue struct {
	Name string
	// Value is a string or int64.
	Value any
	Doc   string
}
