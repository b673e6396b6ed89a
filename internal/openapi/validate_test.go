package openapi

import (
	"fmt"
	"strings"
	"testing"
)

// A broken component used by many operations is reported once, at the
// component, and repetitive findings are capped.
func TestValidateOncePerComponent(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n")
	for i := range 4 {
		fmt.Fprintf(&b, "  /p%d:\n    get:\n      responses:\n        '200':\n          description: ok\n"+
			"          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Bad'}\n", i)
	}
	b.WriteString("components:\n  schemas:\n    Bad: {type: array}\n")
	for i := range 8 {
		fmt.Fprintf(&b, "    L%d: {type: array}\n", i)
	}
	_, diags := mustLoad(t, b.String())
	n := strings.Count(diags.String(), "components.schemas.Bad:")
	if n != 1 {
		t.Errorf("Bad reported %d times, want once:\n%s", n, diags)
	}
	if hasDiag(diags, "Spec/Invalid", "4 more validation warnings like the above (schema-items-required) not shown") == nil {
		t.Errorf("no summary line for the capped warnings:\n%s", diags)
	}
	if _, w := diags.Count(); w != maxPerKind+1 {
		t.Errorf("%d warnings, want %d:\n%s", w, maxPerKind+1, diags)
	}
}

func TestSchemaIDRefs(t *testing.T) {
	doc, diags := mustLoad(t, `openapi: 3.1.0
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
                type: object
                properties:
                  event:
                    $ref: '#/$defs/Event'
                  id:
                    $ref: /schemas/details#detail_id
                  details:
                    $ref: /schemas/details
                $defs:
                  Event:
                    type: string
components:
  schemas:
    Details:
      $id: /schemas/details
      type: object
      properties:
        id:
          $anchor: detail_id
          type: integer
`)
	s := findOp(t, doc, "GET", "/a").Responses[0].Content[0].Schema
	details := findSchema(t, doc, "Details")
	if got := prop(t, s, "details").Schema; got != details {
		t.Errorf("$ref by $id: %+v", got)
	}
	if got := prop(t, s, "id").Schema; got != prop(t, details, "id").Schema {
		t.Errorf("$ref by $anchor: %+v", got)
	}
	if got := prop(t, s, "event").Schema; got == nil || len(got.Types) != 1 || got.Types[0] != "string" ||
		got.Pos.Line != 21 || got.Ref != "#/$defs/Event" {
		t.Errorf("#/$defs/ in an enclosing schema: %+v", got)
	}
	if d := hasDiag(diags, "Spec/Invalid", `1 $ref like "#/$defs/X"`); d == nil || d.Pos.Line != 15 {
		t.Errorf("no warning about the enclosing $defs at line 15:\n%s", diags)
	}
}

func TestDiscriminator(t *testing.T) {
	doc, _ := mustLoad(t, `openapi: 3.0.0
info: {title: x, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          dog: '#/components/schemas/Dog'
          cat: Cat
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
`)
	d := findSchema(t, doc, "Pet").Discriminator
	if d == nil || d.PropertyName != "kind" || len(d.Mapping) != 2 {
		t.Fatalf("discriminator %+v", d)
	}
	if d.Mapping[0].Value != "cat" || d.Mapping[0].Schema != findSchema(t, doc, "Cat") ||
		d.Mapping[1].Value != "dog" || d.Mapping[1].Schema != findSchema(t, doc, "Dog") {
		t.Errorf("mapping %+v %+v", d.Mapping[0], d.Mapping[1])
	}
}

func TestUnknownMinorVersion(t *testing.T) {
	doc, diags := mustLoad(t, "openapi: 3.3.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
	if doc.Version != "3.3.0" {
		t.Errorf("version %q", doc.Version)
	}
	if hasDiag(diags, "Spec/UnsupportedVersion", `api.yaml:1:1: warning [Spec/UnsupportedVersion]: OpenAPI version "3.3.0" is not known; reading the document as OpenAPI 3.2`) == nil {
		t.Errorf("diagnostics:\n%s", diags)
	}
}

// Warnings from reading the document are capped per kind too.
func TestWriterWarningsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n")
	for i := range 8 {
		fmt.Fprintf(&b, "    S%d:\n      type: object\n      description: ~\n", i)
	}
	_, diags := mustLoad(t, b.String())
	if n := strings.Count(diags.String(), `the null value of "description" is ignored`); n != maxPerKind {
		t.Errorf("%d null warnings shown, want %d:\n%s", n, maxPerKind, diags)
	}
	if hasDiag(diags, "Spec/Invalid", "api.yaml: warning [Spec/Invalid]: 3 more null value warnings like the above not shown") == nil {
		t.Errorf("no summary:\n%s", diags)
	}
}
