package openapi

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const spec20 = `swagger: "2.0"
info: {title: Old, version: "1"}
host: api.example.com
basePath: /v2
schemes: [https]
consumes: [application/json]
produces: [application/json, application/xml]
securityDefinitions:
  key:
    type: apiKey
    in: header
    name: X-Key
paths:
  /pets/{id}:
    parameters:
      - name: id
        in: path
        required: true
        type: string
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - name: zeta
          in: formData
          type: string
        - name: alpha
          in: formData
          type: integer
          required: true
      responses:
        "200":
          description: ok
          schema:
            $ref: '#/definitions/Pet'
    put:
      parameters:
        - name: body
          in: body
          schema:
            $ref: '#/definitions/Pet'
      responses:
        "200":
          description: ok
definitions:
  Pet:
    type: object
    properties:
      name: {type: string}
      age: {type: integer}
`

func TestLoadSwagger2(t *testing.T) {
	doc, _ := mustLoad(t, spec20)
	if doc.Version != "2.0" {
		t.Errorf("version %q", doc.Version)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.example.com/v2" || doc.Servers[0].Pos.Line != 3 {
		t.Errorf("servers %+v", doc.Servers)
	}
	pet := findSchema(t, doc, "Pet")
	if got := propNames(pet); !slices.Equal(got, []string{"name", "age"}) || pet.Pos.Line != 45 {
		t.Errorf("Pet: properties %v at %v", got, pet.Pos)
	}
	post := findOp(t, doc, "POST", "/pets/{id}")
	if post.Pos.Line != 20 {
		t.Errorf("POST at %v, want line 20", post.Pos)
	}
	if len(post.Parameters) != 1 || post.Parameters[0].Name != "id" || post.Parameters[0].Pos.Line != 16 {
		t.Errorf("parameters %+v", post.Parameters)
	}
	// formData parameters become an object request body, in written order.
	body := post.RequestBody
	if body == nil || len(body.Content) != 1 || body.Content[0].Name != "application/x-www-form-urlencoded" {
		t.Fatalf("formData body %+v", body)
	}
	form := body.Content[0].Schema
	if got := propNames(form); !slices.Equal(got, []string{"zeta", "alpha"}) {
		t.Errorf("formData properties %v, want written order", got)
	}
	if !slices.Equal(form.Required, []string{"alpha"}) || prop(t, form, "alpha").Schema.Pos.Line != 26 {
		t.Errorf("formData required %v, alpha at %v", form.Required, prop(t, form, "alpha").Schema.Pos)
	}
	// produces becomes the response's content types, in written order.
	resp := post.Responses[0]
	if got := mediaNames(resp.Content); !slices.Equal(got, []string{"application/json", "application/xml"}) {
		t.Errorf("produces %v", got)
	}
	if resp.Content[0].Schema != pet || resp.Content[1].Schema != pet {
		t.Error("response schema is not the Pet definition")
	}
	put := findOp(t, doc, "PUT", "/pets/{id}")
	if put.RequestBody == nil || put.RequestBody.Content[0].Schema != pet || put.RequestBody.Pos.Line != 37 {
		t.Errorf("body parameter: %+v", put.RequestBody)
	}
	if len(doc.SecuritySchemes) != 1 || doc.SecuritySchemes[0].ParamName != "X-Key" || doc.SecuritySchemes[0].Pos.Line != 9 {
		t.Errorf("security definitions %+v", doc.SecuritySchemes)
	}
}

func TestLoadJSONPositions(t *testing.T) {
	doc, _ := mustLoad(t, `{
  "openapi": "3.0.0",
  "info": {"title": "t\/\ud83d\ude00", "version": "1"},
  "paths": {
    "/a": {
      "get": {"responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}
    }
  },
  "components": {"schemas": {"A": {"type": "object",
    "properties": {"z": {"type": "string"}, "a": {"type": "string"}}}}}
}`)
	if doc.Title != "t/😀" {
		t.Errorf("title %q", doc.Title)
	}
	get := findOp(t, doc, "GET", "/a")
	if get.Pos.Line != 6 || get.Pos.Col != 7 {
		t.Errorf("GET at %v, want 6:7", get.Pos)
	}
	a := findSchema(t, doc, "A")
	if got := propNames(a); !slices.Equal(got, []string{"z", "a"}) || a.Pos.Line != 10 {
		t.Errorf("A: %v at %v", got, a.Pos)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		want       string // a substring of the rendered diagnostic
	}{
		{"yaml syntax", "openapi: 3.0.0\ninfo:\n  title: x\n   version: 1\npaths: {}\n",
			"api.yaml:4: error [Spec/Syntax]: invalid YAML: mapping values are not allowed in this context"},
		{"yaml tab", "openapi: 3.0.0\ninfo:\n\ttitle: x\n", "api.yaml:3: error [Spec/Syntax]"},
		{"json syntax", "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {,}\n}", "api.yaml:3:12: error [Spec/Syntax]: invalid JSON"},
		{"empty", "", "api.yaml: error [Spec/NotOpenAPI]: the file is empty"},
		{"list", "- a\n- b\n", "api.yaml:1:1: error [Spec/NotOpenAPI]: the document is a list"},
		{"no version", "info: {title: x}\npaths: {}\n", "error [Spec/NotOpenAPI]: the document has neither an openapi nor a swagger field; add `openapi: 3.1.0`"},
		{"version 4", "openapi: 4.0.0\n", "api.yaml:1:1: error [Spec/UnsupportedVersion]"},
		{"swagger 1.2", "swagger: '1.2'\n", "error [Spec/UnsupportedVersion]"},
		{"missing ref", `openapi: 3.0.0
info: {title: x, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pets'
components:
  schemas:
    Pet: {type: object}
`, `api.yaml:12:23: error [Spec/UnresolvedRef]: $ref "#/components/schemas/Pets" does not resolve: there is no "Pets" in components.schemas; did you mean "#/components/schemas/Pet"?`},
		{"missing file", `openapi: 3.0.0
info: {title: x, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          $ref: './nowhere.yaml#/R'
`, `api.yaml:8:17: error [Spec/UnresolvedRef]: $ref "./nowhere.yaml#/R" does not resolve`},
		{"remote ref", `openapi: 3.0.0
info: {title: x, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          $ref: 'https://example.invalid/r.yaml#/R'
`, `error [Spec/UnresolvedRef]: $ref "https://example.invalid/r.yaml#/R" points to the network`},
		{"wrong type", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      tags: {a: b}\n      responses: {}\n",
			"api.yaml:6:13: error [Spec/Invalid]: tags has the wrong type"},
		{"alias loop", "openapi: 3.0.0\ninfo: &a {title: x, version: '1', self: *a}\npaths: {}\n", "error [Spec/Syntax]"},
		{"merge loop", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-b: &b\n  <<: *b\n",
			"api.yaml:5:3: error [Spec/Syntax]: a merge key (<<) refers to a mapping that contains it"},
		{"merge loop inside", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-b: &b\n  x: {<<: [*b, *b]}\n",
			"api.yaml:5:7: error [Spec/Syntax]: a merge key (<<) refers to a mapping that contains it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, diags := Load("api.yaml", []byte(tc.spec))
			if !diags.HasErrors() {
				t.Fatalf("no error; doc %v, diagnostics:\n%s", doc != nil, diags)
			}
			if !strings.Contains(diags.String(), tc.want) {
				t.Errorf("diagnostics:\n%s\nwant a line containing:\n%s", diags, tc.want)
			}
		})
	}
}

func TestLoadWarnings(t *testing.T) {
	doc, diags := mustLoad(t, `openapi: 3.0.0
info:
  title: x
  version: 1.0
paths:
  /a:
    get:
      operationId: 12
      responses:
        "200": {description: ok}
        "200": {description: again}
components:
  schemas:
    List:
      type: array
    Optional:
      type: object
      properties:
        default:
          type: string
          default: null
        example: ~
`)
	opt := findSchema(t, doc, "Optional")
	if got := propNames(opt); !slices.Equal(got, []string{"default"}) || prop(t, opt, "default").Schema.Default != nil {
		t.Errorf("default: null, or a property named example that is null: %v", got)
	}
	if d := hasDiag(diags, "Spec/Invalid", `the null value of "example" is ignored`); d == nil || d.Pos.Line != 22 {
		t.Errorf("no warning for the null property at line 22:\n%s", diags)
	}
	if hasDiag(diags, "Spec/Invalid", `the null value of "default"`) != nil {
		t.Errorf("default: null is a value, not a missing object:\n%s", diags)
	}
	if doc.APIVersion != "1.0" || doc.Operations[0].OperationID != "12" {
		t.Errorf("numbers were not read as strings: %q %q", doc.APIVersion, doc.Operations[0].OperationID)
	}
	for _, want := range []struct{ code, text string }{
		{"Spec/Invalid", `api.yaml:4:12: warning [Spec/Invalid]: info.version is the number 1.0, but OpenAPI requires a string; quote it: "1.0"`},
		{"Spec/Invalid", "paths./a.get.operationId is the number 12"},
		{"Spec/Syntax", `api.yaml:11:9: warning [Spec/Syntax]: duplicate key "200"; the last one wins`},
		{"Spec/Invalid", "api.yaml:14:5: warning [Spec/Invalid]: components.schemas.List: when schema type is 'array', schema 'items' must be non-null; give the array schema an items schema"},
	} {
		if hasDiag(diags, want.code, want.text) == nil {
			t.Errorf("no %s diagnostic %q in:\n%s", want.code, want.text, diags)
		}
	}
}

func TestLoadYAMLAliases(t *testing.T) {
	doc, _ := mustLoad(t, `openapi: 3.0.0
info: {title: x, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties: &baseProps
        id: {type: string}
        created: {type: integer}
    Derived:
      type: object
      properties:
        <<: *baseProps
        name: {type: string}
`)
	d := findSchema(t, doc, "Derived")
	if got := propNames(d); !slices.Equal(got, []string{"name", "id", "created"}) {
		t.Errorf("merged properties %v", got)
	}
	// A mapping merged twice, and a diamond of merges, are not cycles.
	mustLoad(t, "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-a: &a {p: 1}\n"+
		"x-b: &b {<<: [*a, *a], q: 2}\nx-c: &c {<<: [*b, *a]}\nx-d: {<<: [*c, *b]}\n")
}

// TestLoadCrossFile loads a spec whose $refs point into other files.
func TestLoadCrossFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	api := `openapi: 3.0.0
info: {title: x, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: './schemas/other.yaml#/components/schemas/X'
components:
  schemas:
    Local:
      $ref: './schemas/other.yaml#/components/schemas/X'
`
	write("api.yaml", api)
	write("schemas/other.yaml", `components:
  schemas:
    X:
      type: object
      properties:
        b: {type: string}
        a:
          $ref: '#/components/schemas/Y'
    Y:
      type: integer
`)
	file := filepath.Join(dir, "api.yaml")
	doc, diags := Load(file, []byte(api))
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags)
	}
	x := findOp(t, doc, "GET", "/pets").Responses[0].Content[0].Schema
	if x == nil || x.Name != "X" || !strings.HasSuffix(x.Ref, "other.yaml#/components/schemas/X") {
		t.Fatalf("external schema %+v", x)
	}
	if got := propNames(x); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("properties %v", got)
	}
	other := filepath.ToSlash(filepath.Join(dir, "schemas", "other.yaml"))
	if x.Pos.File != other || x.Pos.Line != 3 {
		t.Errorf("X at %v, want %s:3", x.Pos, other)
	}
	if y := prop(t, x, "a").Schema; !slices.Equal(y.Types, []string{"integer"}) || y.Pos.Line != 9 {
		t.Errorf("Y: %+v", y)
	}
	if local := findSchema(t, doc, "Local"); len(local.AllOf) != 1 || local.AllOf[0] != x {
		t.Errorf("alias component %+v", local)
	}

	// The same spec read from standard input resolves against the working
	// directory.
	t.Chdir(dir)
	doc, diags = Load(Stdin, []byte(api))
	if diags.HasErrors() {
		t.Fatalf("stdin errors:\n%s", diags)
	}
	if op := findOp(t, doc, "GET", "/pets"); op.Pos.File != Stdin || op.Responses[0].Content[0].Schema.Name != "X" {
		t.Errorf("stdin: %v %+v", op.Pos, op.Responses[0].Content[0].Schema)
	}
}
