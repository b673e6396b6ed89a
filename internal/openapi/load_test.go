package openapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// mustLoad loads an inline spec and fails on any error diagnostic.
func mustLoad(t *testing.T, spec string) (*Document, diag.List) {
	t.Helper()
	doc, diags := Load("api.yaml", []byte(spec))
	if diags.HasErrors() || doc == nil {
		t.Fatalf("unexpected errors:\n%s", diags)
	}
	return doc, diags
}

func findOp(t *testing.T, doc *Document, method, path string) *Operation {
	t.Helper()
	for _, op := range doc.Operations {
		if op.Method == method && op.Path == path {
			return op
		}
	}
	t.Fatalf("no operation %s %s", method, path)
	return nil
}

func findSchema(t *testing.T, doc *Document, name string) *Schema {
	t.Helper()
	for _, s := range doc.Schemas {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no schema %s", name)
	return nil
}

func propNames(s *Schema) []string {
	var out []string
	for _, p := range s.Properties {
		out = append(out, p.Name)
	}
	return out
}

func prop(t *testing.T, s *Schema, name string) *Property {
	t.Helper()
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no property %s", name)
	return nil
}

func mediaNames(ms []*MediaType) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

// hasDiag reports whether diags has one with code whose text contains substr.
func hasDiag(diags diag.List, code, substr string) *diag.Diagnostic {
	for i, d := range diags {
		if d.Code == code && strings.Contains(d.String(), substr) {
			return &diags[i]
		}
	}
	return nil
}

const spec30 = `openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
servers:
  - url: https://{region}.example.com/v1
    description: Production
    variables:
      region:
        default: us
        enum: [us, eu]
security:
  - bearer: []
tags:
  - name: pets
    description: Pet operations
paths:
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        schema:
          type: string
      - name: verbose
        in: query
        schema:
          type: boolean
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - name: verbose
          in: query
          description: operation wins
          schema:
            type: integer
        - name: X-Trace
          in: header
          schema:
            type: string
      responses:
        default:
          description: error
        "404":
          description: not found
        2XX:
          description: ok range
        "200":
          description: ok
          headers:
            X-Rate-Limit:
              schema:
                type: integer
          content:
            text/plain:
              schema:
                type: string
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
    delete:
      security: []
      responses:
        "204":
          description: gone
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
  schemas:
    Pet:
      type: object
      required: [zeta, id]
      properties:
        zeta:
          type: string
        id:
          type: integer
          format: int64
        owner:
          $ref: '#/components/schemas/Owner'
        nickname:
          type: string
          nullable: true
        parent:
          $ref: '#/components/schemas/Pet'
    Owner:
      type: object
      nullable: true
      properties:
        pets:
          type: array
          items:
            $ref: '#/components/schemas/Pet'
`

func TestLoad30(t *testing.T) {
	doc, _ := mustLoad(t, spec30)
	if doc.Version != "3.0.3" || doc.Title != "Pets" || doc.APIVersion != "1.0" {
		t.Errorf("document fields: %q %q %q", doc.Version, doc.Title, doc.APIVersion)
	}
	if len(doc.Operations) != 2 || doc.Operations[0].Method != "GET" || doc.Operations[1].Method != "DELETE" {
		t.Fatalf("operations: %+v", doc.Operations)
	}
	get := findOp(t, doc, "GET", "/pets/{petId}")
	if get.Pos.Line != 29 || get.Pos.Col != 5 || get.Pos.File != "api.yaml" {
		t.Errorf("GET position %v, want api.yaml:29:5", get.Pos)
	}
	// Path-level parameters merged: petId from the path, verbose overridden
	// by the operation (integer), then the operation's own.
	var params []string
	for _, p := range get.Parameters {
		params = append(params, p.In+":"+p.Name)
	}
	if want := []string{"path:petId", "query:verbose", "header:X-Trace"}; !slices.Equal(params, want) {
		t.Errorf("parameters %v, want %v", params, want)
	}
	if v := get.Parameters[1]; v.Description != "operation wins" || !slices.Equal(v.Schema.Types, []string{"integer"}) {
		t.Errorf("verbose not from the operation: %+v", v)
	}
	if p := get.Parameters[0]; p.Pos.Line != 20 || p.Pos.Col != 9 || !p.Required {
		t.Errorf("petId position %v (want 20:9), required %v", p.Pos, p.Required)
	}
	var codes []string
	for _, r := range get.Responses {
		codes = append(codes, r.Status)
	}
	if want := []string{"200", "404", "2XX", "default"}; !slices.Equal(codes, want) {
		t.Errorf("responses %v, want %v", codes, want)
	}
	ok := get.Responses[0]
	if got := mediaNames(ok.Content); !slices.Equal(got, []string{"text/plain", "application/json"}) {
		t.Errorf("media types %v, want written order", got)
	}
	if ok.Pos.Line != 49 || ok.Content[1].Pos.Line != 59 {
		t.Errorf("response at %v, media type at %v", ok.Pos, ok.Content[1].Pos)
	}
	if len(ok.Headers) != 1 || ok.Headers[0].Name != "X-Rate-Limit" || ok.Headers[0].Schema == nil {
		t.Errorf("headers %+v", ok.Headers)
	}
	pet := findSchema(t, doc, "Pet")
	if ok.Content[1].Schema != pet {
		t.Error("a $ref to a component is not the component's *Schema")
	}
	if got := propNames(pet); !slices.Equal(got, []string{"zeta", "id", "owner", "nickname", "parent"}) {
		t.Errorf("properties %v, want declaration order", got)
	}
	if pet.Pos.Line != 73 || prop(t, pet, "id").Schema.Pos.Line != 79 {
		t.Errorf("Pet at %v, id at %v", pet.Pos, prop(t, pet, "id").Schema.Pos)
	}
	if !prop(t, pet, "zeta").Required || prop(t, pet, "owner").Required {
		t.Error("Required flags wrong")
	}
	if prop(t, pet, "parent").Schema != pet {
		t.Error("self-recursion is not a cycle")
	}
	owner := findSchema(t, doc, "Owner")
	if prop(t, pet, "owner").Schema != owner || prop(t, owner, "pets").Schema.Items != pet {
		t.Error("mutual recursion is not a cycle through the components")
	}
	nick := prop(t, pet, "nickname").Schema
	if !nick.Nullable || !slices.Equal(nick.Types, []string{"string", "null"}) {
		t.Errorf("3.0 nullable: %v %v", nick.Nullable, nick.Types)
	}
	if !owner.Nullable || !slices.Contains(owner.Types, "null") {
		t.Errorf("nullable component: %v %v", owner.Nullable, owner.Types)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].Pos.Line != 6 || len(doc.Servers[0].Variables) != 1 ||
		doc.Servers[0].Variables[0].Default != "us" {
		t.Errorf("servers %+v", doc.Servers[0])
	}
	if len(doc.Tags) != 1 || doc.Tags[0].Pos.Line != 15 {
		t.Errorf("tags %+v", doc.Tags)
	}
	if len(doc.SecuritySchemes) != 1 || doc.SecuritySchemes[0].Scheme != "bearer" || doc.SecuritySchemes[0].Pos.Line != 69 {
		t.Errorf("security schemes %+v", doc.SecuritySchemes)
	}
	if !reflect.DeepEqual(doc.Security, []SecurityRequirement{{Schemes: []string{"bearer"}}}) {
		t.Errorf("security %+v", doc.Security)
	}
	del := findOp(t, doc, "DELETE", "/pets/{petId}")
	if get.Security != nil || del.Security == nil || len(del.Security) != 0 {
		t.Errorf("operation security: inherit %v, none %v", get.Security, del.Security)
	}
}

func TestDeterministic(t *testing.T) {
	a, da := mustLoad(t, spec30)
	b, db := mustLoad(t, spec30)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(da, db) {
		t.Error("two loads of one spec differ")
	}
}

func TestLoad31(t *testing.T) {
	doc, _ := mustLoad(t, `openapi: 3.1.0
info: {title: t, version: v}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Thing'
      responses:
        "200":
          description: ok
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: [string, "null"]
        kind:
          const: thing
        anything: true
        nothing: false
        owner:
          $ref: '#/components/schemas/Owner'
          description: who owns it
        plain:
          $ref: '#/components/schemas/Owner'
    Owner:
      type: object
      description: an owner
      properties:
        id: {type: string}
`)
	thing := findSchema(t, doc, "Thing")
	owner := findSchema(t, doc, "Owner")
	name := prop(t, thing, "name").Schema
	if !name.Nullable || !slices.Equal(name.Types, []string{"string", "null"}) {
		t.Errorf("type array: %v %v", name.Nullable, name.Types)
	}
	if k := prop(t, thing, "kind").Schema; !k.HasConst || k.Const != "thing" {
		t.Errorf("const: %v %v", k.HasConst, k.Const)
	}
	if a := prop(t, thing, "anything").Schema; a.Always == nil || !*a.Always {
		t.Errorf("boolean schema true: %+v", a)
	}
	if n := prop(t, thing, "nothing").Schema; n.Always == nil || *n.Always {
		t.Errorf("boolean schema false: %+v", n)
	}
	if prop(t, thing, "plain").Schema != owner {
		t.Error("plain $ref lost identity")
	}
	// A $ref with a sibling description keeps the component as its allOf.
	o := prop(t, thing, "owner").Schema
	if o == owner || len(o.AllOf) != 1 || o.AllOf[0] != owner || o.Description != "who owns it" {
		t.Errorf("$ref with siblings: %+v", o)
	}
	if owner.Description != "an owner" {
		t.Errorf("the component was changed by a sibling: %q", owner.Description)
	}
}

const spec32 = `openapi: 3.2.0
info: {title: t, version: v}
servers:
  - url: https://api.example.com
    name: production
tags:
  - name: planets
  - name: moons
    parent: planets
    kind: nav
paths:
  /events:
    get:
      responses:
        "200":
          description: a stream
          content:
            text/event-stream:
              itemSchema:
                $ref: '#/components/schemas/Event'
            application/jsonl:
              $ref: '#/components/mediaTypes/Lines'
  /search:
    query:
      parameters:
        - name: q
          in: querystring
          content:
            application/x-www-form-urlencoded:
              schema: {type: object}
      responses:
        "200": {description: ok}
    additionalOperations:
      COPY:
        responses:
          "201": {description: copied}
    get:
      responses:
        "200": {description: ok}
components:
  mediaTypes:
    Lines:
      itemSchema:
        $ref: '#/components/schemas/Event'
  schemas:
    Event:
      type: object
      properties:
        id: {type: string}
`

func TestLoad32(t *testing.T) {
	doc, diags := mustLoad(t, spec32)
	var methods []string
	for _, op := range doc.Operations {
		methods = append(methods, op.Method+" "+op.Path)
	}
	if want := []string{"GET /events", "GET /search", "QUERY /search", "COPY /search"}; !slices.Equal(methods, want) {
		t.Errorf("operations %v, want %v", methods, want)
	}
	event := findSchema(t, doc, "Event")
	resp := findOp(t, doc, "GET", "/events").Responses[0]
	if got := mediaNames(resp.Content); !slices.Equal(got, []string{"text/event-stream", "application/jsonl"}) {
		t.Fatalf("media types %v", got)
	}
	if resp.Content[0].ItemSchema != event || resp.Content[0].Schema != nil {
		t.Errorf("itemSchema: %+v", resp.Content[0])
	}
	if resp.Content[1].ItemSchema != event {
		t.Errorf("itemSchema through a components.mediaTypes $ref: %+v", resp.Content[1])
	}
	if q := findOp(t, doc, "QUERY", "/search"); q.Pos.Line != 24 || len(q.Parameters) != 1 || q.Parameters[0].In != "querystring" {
		t.Errorf("QUERY operation %+v", q)
	}
	if c := findOp(t, doc, "COPY", "/search"); c.Pos.Line != 34 {
		t.Errorf("COPY at %v", c.Pos)
	}
	if doc.Servers[0].Name != "production" {
		t.Errorf("server name %q", doc.Servers[0].Name)
	}
	if doc.Tags[1].Parent != "planets" || doc.Tags[0].Parent != "" {
		t.Errorf("tag parents %+v %+v", doc.Tags[0], doc.Tags[1])
	}
	if _, w := diags.Count(); w != 0 {
		t.Errorf("3.2 fields kin-openapi does not know gave warnings:\n%s", diags)
	}
}
