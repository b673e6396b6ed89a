package ir

import (
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// build loads an inline spec and config and builds the IR, failing the
// test on errors.
func build(t *testing.T, spec, cfg string) *API {
	t.Helper()
	api, diags := buildDiags(t, spec, cfg)
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags)
	}
	return api
}

func buildDiags(t *testing.T, spec, cfg string) (*API, interface {
	HasErrors() bool
	String() string
}) {
	t.Helper()
	doc, ds := openapi.Load("api.yaml", []byte(spec))
	if ds.HasErrors() {
		t.Fatalf("spec errors:\n%s", ds)
	}
	var c *config.Config
	if cfg == "" {
		c, ds = config.Load("", nil)
	} else {
		c, ds = config.Load("stainless.yml", []byte(cfg))
	}
	if ds.HasErrors() {
		t.Fatalf("config errors:\n%s", ds)
	}
	api, diags := Build(doc, c, Options{ImportPath: "example.com/sdk"})
	return api, diags
}

// spelled renders a type reference the way Go would.
func spelled(t *TypeRef) string {
	switch t.Kind {
	case Named:
		return t.Type.Name
	case Slice:
		return "[]" + spelled(t.Elem)
	case Map:
		return "map[string]" + spelled(t.Elem)
	case Pointer:
		return "*" + spelled(t.Elem)
	}
	return t.Builtin
}

func findType(api *API, name string) *Type {
	for _, t := range api.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func findMethod(api *API, name string) *Method {
	var found *Method
	WalkResources(api.Resources, func(r *Resource) {
		for _, m := range r.Methods {
			if m.Name == name {
				found = m
			}
		}
	})
	return found
}

const typesSpec = `
openapi: 3.1.0
info: {title: Types, version: '1'}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
    Thing:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            count: {type: integer}
            ratio: {type: number}
            ok: {type: boolean}
            label: {type: [string, 'null']}
            alt: {anyOf: [{type: string}, {type: 'null'}]}
            labels: {type: object, additionalProperties: {type: string}}
            free: {type: object}
            anything: {}
            tags: {type: array, items: {type: string}}
            kind: {type: string, enum: [a, b, b]}
            level: {type: integer, enum: [1, 2]}
            next: {$ref: '#/components/schemas/Thing'}
            either: {oneOf: [{type: string}, {type: integer}]}
            words: {oneOf: [{type: string, enum: [x]}, {type: string}]}
            nested:
              type: object
              properties:
                deep: {type: string}
            items:
              type: array
              items:
                type: object
                properties:
                  n: {type: integer}
`

func TestTypeMapping(t *testing.T) {
	api := build(t, typesSpec, "")
	thing := findType(api, "Thing")
	if thing == nil || thing.Kind != Struct {
		t.Fatalf("Thing not declared as a struct; types: %v", api.Types)
	}
	want := map[string]string{
		"ID":       "string",
		"Count":    "int64",
		"Ratio":    "float64",
		"Ok":       "bool",
		"Label":    "string",
		"Alt":      "string",
		"Labels":   "map[string]string",
		"Free":     "map[string]any",
		"Anything": "any",
		"Tags":     "[]string",
		"Kind":     "ThingKind",
		"Level":    "ThingLevel",
		"Next":     "*Thing",
		"Either":   "ThingEither",
		"Words":    "string",
		"Nested":   "ThingNested",
		"Items":    "[]ThingItem",
	}
	got := map[string]*Field{}
	for _, f := range thing.Fields {
		got[f.Name] = f
	}
	for name, typ := range want {
		f := got[name]
		if f == nil {
			t.Errorf("field %s missing", name)
			continue
		}
		if s := spelled(f.Type); s != typ {
			t.Errorf("field %s: type %s, want %s", name, s, typ)
		}
	}
	if !got["ID"].Required || got["Count"].Required {
		t.Errorf("required flags: ID %v, Count %v", got["ID"].Required, got["Count"].Required)
	}
	if !got["Label"].Nullable || !got["Alt"].Nullable || got["Count"].Nullable {
		t.Errorf("nullable flags: Label %v, Alt %v, Count %v", got["Label"].Nullable, got["Alt"].Nullable, got["Count"].Nullable)
	}
	kind := findType(api, "ThingKind")
	if kind == nil || kind.Kind != Enum || len(kind.Values) != 2 || kind.Values[1].Name != "ThingKindB" {
		t.Fatalf("enum ThingKind: %+v", kind)
	}
	level := findType(api, "ThingLevel")
	if level == nil || spelled(level.Underlying) != "int64" || level.Values[0].Value != int64(1) {
		t.Fatalf("enum ThingLevel: %+v", level)
	}
	if src := findType(api, "ThingItem").Source; src != "an item of the items property of Thing" {
		t.Errorf("ThingItem source %q", src)
	}
}

func TestParamsAndPathParams(t *testing.T) {
	api := build(t, `
openapi: 3.0.3
info: {title: Params, version: '1'}
paths:
  /a/{type}/b/{itemId}:
    get:
      operationId: getItem
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: integer}}
        - {name: type, in: path, required: true, schema: {type: string}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: X-Req, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
      responses:
        '204': {description: none}
`, "")
	m := findMethod(api, "GetItem")
	if m == nil {
		t.Fatal("GetItem not built")
	}
	if len(m.PathParams) != 2 || m.PathParams[0].Arg != "type_" || m.PathParams[1].Arg != "itemID" || spelled(m.PathParams[1].Type) != "int64" {
		t.Fatalf("path params in path order: %+v %+v", m.PathParams[0], m.PathParams[1])
	}
	if m.Response != nil || m.Params == nil || m.Params.Name != "GetItemParams" {
		t.Fatalf("response %v params %+v", m.Response, m.Params)
	}
	var got []string
	for _, f := range m.Params.Fields {
		got = append(got, f.Name+":"+f.In+":"+f.Style+":"+map[bool]string{true: "explode", false: "flat"}[f.Explode])
	}
	want := "Filter:query:deepObject:flat ItemIDs:query::flat XReq:header::explode"
	if strings.Join(got, " ") != strings.ReplaceAll(want, "ItemIDs", "IDs") {
		t.Fatalf("fields %q, want %q (the managed Accept header is left out)", strings.Join(got, " "), want)
	}
}

const streamSpec = `
openapi: 3.2.0
info: {title: Streams, version: '1'}
paths:
  /chat:
    post:
      operationId: chat
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                prompt: {type: string}
                stream: {type: boolean, default: true}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {text: {type: string}}}
            text/event-stream:
              schema: {type: object, properties: {delta: {type: string}}}
  /logs:
    get:
      operationId: tailLogs
      responses:
        '200':
          description: ok
          content:
            application/x-ndjson:
              schema: {type: object, properties: {line: {type: string}}}
  /items:
    get:
      operationId: items
      responses:
        '200':
          description: ok
          content:
            application/json-seq:
              itemSchema: {type: object, properties: {n: {type: integer}}}
  /envelope:
    post:
      operationId: envelope
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              schema:
                type: object
                properties:
                  id: {type: string}
                  event: {type: string}
                  data: {type: object, properties: {delta: {type: string}}}
                  retry: {type: integer}
  /both:
    post:
      operationId: both
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {x: {type: string}}}
            text/event-stream:
              schema: {type: object, properties: {x: {type: string}}}
`

func TestStreamingDetection(t *testing.T) {
	api, diags := buildDiags(t, streamSpec, "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	chat := findMethod(api, "Chat")
	if chat.Streaming == nil || chat.Streaming.Discriminator == nil || chat.Streaming.Discriminator.In != "body" || !chat.Streaming.Discriminator.DefaultTrue {
		t.Fatalf("chat is dual-mode with a body discriminator defaulting to true: %+v", chat.Streaming)
	}
	for _, f := range chat.Params.Fields {
		if f.Wire == "stream" {
			t.Fatal("the discriminator must not be a params field")
		}
	}
	if chat.Response == nil || spelled(chat.Streaming.Event) != "ChatEvent" {
		t.Fatalf("chat response %v event %s", chat.Response, spelled(chat.Streaming.Event))
	}
	logs := findMethod(api, "TailLogs")
	if logs.Streaming == nil || logs.Streaming.Format != NDJSON || logs.Streaming.Discriminator != nil || logs.Streaming.Reconnect {
		t.Fatalf("tailLogs always streams NDJSON without reconnect: %+v", logs.Streaming)
	}
	items := findMethod(api, "Items")
	if items.Streaming == nil || items.Streaming.Format != JSONSeq || spelled(items.Streaming.Event) != "ItemsEvent" {
		t.Fatalf("items streams JSON-seq events from itemSchema: %+v", items.Streaming)
	}
	env := findMethod(api, "Envelope")
	if env.Streaming == nil || !env.Streaming.Envelope {
		t.Fatalf("envelope schema detected: %+v", env.Streaming)
	}
	both := findMethod(api, "Both")
	if both.Streaming != nil {
		t.Fatal("JSON and a stream without a stream parameter is a JSON method")
	}
	for _, code := range []string{"Streaming/Inferred", "Streaming/NoDiscriminator"} {
		if !strings.Contains(diags.String(), code) {
			t.Errorf("missing %s in\n%s", code, diags)
		}
	}
}

func TestZeroConfigResources(t *testing.T) {
	api := build(t, `
openapi: 3.0.3
info: {title: Swagger Petstore - OpenAPI 3.0, version: '1'}
paths:
  /v2/pets:
    get: {operationId: listPets, responses: {'200': {description: ok}}}
  /v2/pets/{id}:
    get: {parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}
  /stores:
    get: {tags: [Store Front], operationId: listStores, responses: {'200': {description: ok}}}
`, "")
	if api.Package != "petstore" {
		t.Errorf("package %q, want petstore", api.Package)
	}
	var got []string
	WalkResources(api.Resources, func(r *Resource) {
		for _, m := range r.Methods {
			got = append(got, r.Field+"."+m.Name+"("+r.Service+")")
		}
	})
	want := "Pets.ListPets(PetService) Pets.GetPetsID(PetService) StoreFront.ListStores(StoreFrontService)"
	if strings.Join(got, " ") != want {
		t.Fatalf("methods %q\nwant     %q", strings.Join(got, " "), want)
	}
}

func TestConfigNamesAndCollisions(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
  /y:
    get:
      operationId: getY
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Client'}}}
components:
  schemas:
    Error: {type: object, properties: {a: {type: string}}}
    Client: {type: object, properties: {b: {type: string}}}
`
	api := build(t, spec, "")
	if findType(api, "ErrorModel") == nil || findType(api, "ClientModel") == nil {
		t.Fatalf("schemas named like the SDK's own identifiers get a Model suffix: %v", typeNames(api))
	}
	_, diags := buildDiags(t, spec, `
targets: {go: {package_name: t, module: example.com/t}}
resources:
  x:
    models: {thing: Error}
    methods: {get: get /x}
  y:
    models: {thing: Client}
    methods: {get: get /y}
`)
	if !strings.Contains(diags.String(), "Config/DuplicateModel") {
		t.Fatalf("two config models with one Go name must be an error naming both:\n%s", diags)
	}
}

func typeNames(api *API) []string {
	var out []string
	for _, t := range api.Types {
		out = append(out, t.Name)
	}
	return out
}

func TestCannotInferParamsName(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /generate:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                prompt: {type: string}
                stream: {type: boolean}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object, properties: {text: {type: string}}}}
            text/event-stream: {schema: {type: object, properties: {delta: {type: string}}}}
`
	cfg := `
targets: {go: {package_name: gen, module: example.com/gen}}
resources:
  generations:
    methods:
      create:
        endpoint: post /generate
        streaming:
          param_discriminator: stream
`
	_, diags := buildDiags(t, spec, cfg)
	want := `stainless.yml:8:9: warning [Streaming/CannotInferParamsName]: no model name, $ref or streaming.params_type_name for post /generate; using "GenerationCreateParams"; set resources.generations.methods.create.streaming.params_type_name`
	if !strings.Contains(diags.String(), want) {
		t.Fatalf("diagnostics:\n%s\nwant a line:\n%s", diags, want)
	}
	_, diags = buildDiags(t, spec, strings.Replace(cfg, "param_discriminator: stream", "param_discriminator: stream\n          params_type_name: generate_params", 1))
	if strings.Contains(diags.String(), "CannotInferParamsName") {
		t.Fatalf("params_type_name silences it:\n%s", diags)
	}
}

func TestRefWithSiblingsIsTheComponent(t *testing.T) {
	api := build(t, `
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: '#/components/schemas/Item', description: the first}
                  b: {$ref: '#/components/schemas/Choice', description: a union}
                  c: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item: {type: object, properties: {n: {type: integer}}}
    Choice: {oneOf: [{type: string}, {type: object, properties: {x: {type: string}}}]}
`, "")
	res := findMethod(api, "GetX").Response.Type
	types := map[string]string{}
	for _, f := range res.Fields {
		types[f.Name] = spelled(f.Type)
	}
	if types["A"] != "Item" || types["C"] != "Item" || types["B"] != "Choice" {
		t.Fatalf("a $ref with sibling keywords must be the component itself: %v", types)
	}
}
