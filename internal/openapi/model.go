// Package openapi loads an OpenAPI 2.0, 3.0, 3.1 or 3.2 document and hands the
// IR builder a plain, position-carrying model of it. It is the only package
// that imports kin-openapi: everything after it sees these types.
package openapi

import "github.com/sdkgen/sdkgen/internal/diag"

// Document is a loaded spec, normalised to OpenAPI 3 shapes.
type Document struct {
	// File is the path the spec was read from ("<stdin>" for standard input).
	File string
	// Version is the document's own version field ("2.0", "3.0.3", "3.1.0", "3.2.0").
	Version     string
	Title       string
	Description string
	// APIVersion is info.version.
	APIVersion string
	Servers    []*Server
	// Operations in path order (the order the document writes its paths),
	// then method order (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH,
	// TRACE, QUERY, then others, such as 3.2 additionalOperations,
	// alphabetically).
	Operations []*Operation
	// Schemas are components.schemas, sorted by name.
	Schemas         []*Schema
	SecuritySchemes []*SecurityScheme
	// Security is the document's default security requirement.
	Security []SecurityRequirement
	Tags     []*Tag
}

// Server is one entry of servers.
type Server struct {
	URL         string
	Description string
	// Name is the OpenAPI 3.2 server name, when given.
	Name      string
	Variables []*ServerVariable
	Pos       diag.Pos
}

// ServerVariable is a {name} in a server URL.
type ServerVariable struct {
	Name        string
	Default     string
	Enum        []string
	Description string
}

// Tag is a top-level tag.
type Tag struct {
	Name        string
	Description string
	// Parent is the OpenAPI 3.2 parent tag, when given.
	Parent string
	Pos    diag.Pos
}

// Operation is one method on one path.
type Operation struct {
	// Method is upper case: GET, POST, QUERY...
	Method      string
	Path        string
	OperationID string
	Summary     string
	Description string
	Tags        []string
	Deprecated  bool
	// Parameters merges path-level and operation-level parameters (operation
	// wins), in declaration order.
	Parameters  []*Parameter
	RequestBody *RequestBody
	// Responses sorted by status: "100".."599", then "1XX".."5XX", then "default".
	Responses []*Response
	// Security is nil when the operation inherits the document's, and empty
	// (non-nil) when it explicitly needs none.
	Security []SecurityRequirement
	Pos      diag.Pos
}

// Parameter is a path, query, header, cookie or querystring parameter.
type Parameter struct {
	Name        string
	In          string // path, query, header, cookie, querystring
	Description string
	Required    bool
	Deprecated  bool
	// Style and Explode as written; empty Style / nil Explode mean the default.
	Style   string
	Explode *bool
	Schema  *Schema
	// Content is set instead of Schema for a parameter described by content.
	Content []*MediaType
	Example any
	Pos     diag.Pos
}

// RequestBody is an operation's request body.
type RequestBody struct {
	Description string
	Required    bool
	// Content in the order the media types were written (for Swagger 2.0,
	// the order of consumes).
	Content []*MediaType
	Pos     diag.Pos
}

// Response is one status code's response.
type Response struct {
	Status      string
	Description string
	Content     []*MediaType
	Headers     []*Header
	Pos         diag.Pos
}

// Header is a response header.
type Header struct {
	Name        string
	Description string
	Required    bool
	Schema      *Schema
}

// MediaType is one entry of a content map.
type MediaType struct {
	// Name is the media type as written, e.g. "application/json; charset=utf-8".
	Name   string
	Schema *Schema
	// ItemSchema is the OpenAPI 3.2 schema of each item of a sequential media
	// type (SSE, JSON Lines, JSON-seq).
	ItemSchema *Schema
	Encoding   []*Encoding
	Example    any
	Pos        diag.Pos
}

// Encoding is a multipart or form property encoding.
type Encoding struct {
	Property    string
	ContentType string
	Style       string
	Explode     *bool
}

// Schema is a JSON Schema node. Schemas form a graph: a $ref to a component
// is the same *Schema as the component itself, so recursion is a cycle and
// identity comparison tells two uses of one component apart from copies.
//
// An OpenAPI 3.1 $ref with sibling keywords ({$ref: Pet, description: the
// pet}) is, as JSON Schema 2020-12 defines it, a schema carrying the sibling
// annotations whose AllOf is [Pet], followed by a schema of the sibling
// assertions if there are any. A component that is only a $ref to another
// (A: {$ref: B}) has AllOf [B].
type Schema struct {
	// Name is the component name for a schema under components.schemas, and
	// empty for an inline schema. A schema taken from another file's
	// components (common.yaml#/components/schemas/Error) has the name it has
	// there, and Ref set.
	Name string
	// Ref is the reference as written where the schema came through a $ref to
	// something other than a component schema (e.g. a path into another file).
	Ref string
	// Types is the JSON type set: "object", "array", "string", "integer",
	// "number", "boolean", "null". Empty means any type. A 3.0 nullable adds
	// "null" here as well as setting Nullable.
	Types       []string
	Format      string
	Title       string
	Description string
	Nullable    bool
	Deprecated  bool
	ReadOnly    bool
	WriteOnly   bool
	// Properties in declaration order.
	Properties []*Property
	Required   []string
	// AdditionalProperties is the schema of extra keys; nil with
	// AdditionalPropertiesAllowed == nil means unspecified.
	AdditionalProperties        *Schema
	AdditionalPropertiesAllowed *bool
	Items                       *Schema
	PrefixItems                 []*Schema
	Enum                        []any
	Const                       any
	HasConst                    bool
	Default                     any
	Example                     any
	OneOf                       []*Schema
	AnyOf                       []*Schema
	AllOf                       []*Schema
	Not                         *Schema
	Discriminator               *Discriminator
	// Always is set for a JSON Schema boolean schema (true / false).
	Always *bool
	// Extensions holds x- keys; values as decoded from JSON.
	Extensions map[string]any
	Pos        diag.Pos
}

// Property is one named property of an object schema.
type Property struct {
	Name     string
	Schema   *Schema
	Required bool
}

// Discriminator is an OpenAPI discriminator.
type Discriminator struct {
	PropertyName string
	// Mapping in sorted key order: value -> schema.
	Mapping []*DiscriminatorMapping
}

// DiscriminatorMapping is one entry of a discriminator mapping.
type DiscriminatorMapping struct {
	Value  string
	Ref    string
	Schema *Schema
}

// SecurityScheme is one entry of components.securitySchemes.
type SecurityScheme struct {
	Key          string
	Type         string // apiKey, http, oauth2, openIdConnect, mutualTLS
	Scheme       string // for http: bearer, basic...
	BearerFormat string
	In           string // for apiKey: header, query, cookie
	ParamName    string // for apiKey: the header, query or cookie name
	Description  string
	Pos          diag.Pos
}

// SecurityRequirement is one alternative: all of its schemes apply together.
type SecurityRequirement struct {
	Schemes []string
}
