package main

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// tinySpec has a tagged path under a version, a $ref, a discriminator mapping (by reference and by
// bare name), a reference into a component, and a security scheme.
const tinySpec = `openapi: 3.0.0
info: {title: t, version: "1"}
tags: [{name: pets}]
paths:
  /v1/pets/{id}:
    get:
      operationId: listPets
      tags: [pets]
      security: [{key: []}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator:
        propertyName: kind
        mapping: {cat: "#/components/schemas/Cat", dog: Dog}
    Cat: {type: object, properties: {kind: {type: string}, name: {$ref: "#/components/schemas/Dog/properties/kind"}}}
    Dog: {type: object, properties: {kind: {type: string}}}
`

func TestScaleSpec(t *testing.T) {
	out, info, err := scaleSpec([]byte(tinySpec), 3)
	if err != nil {
		t.Fatal(err)
	}
	if info.paths != 3 || info.operations != 3 || info.comps != 9 {
		t.Errorf("got %d paths, %d operations, %d components; want 3, 3, 9", info.paths, info.operations, info.comps)
	}
	var doc struct {
		Tags       []map[string]any                     `yaml:"tags"`
		Paths      map[string]map[string]map[string]any `yaml:"paths"`
		Components struct {
			SecuritySchemes map[string]any            `yaml:"securitySchemes"`
			Schemas         map[string]map[string]any `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := doc.Paths["/v1/pets_c3/{id}"]["get"]["operationId"]; got != "listPets_c3" {
		t.Errorf("operationId of /v1/pets_c3/{id} = %v, want listPets_c3", got)
	}
	if got := doc.Paths["/v1/pets_c2/{id}"]["get"]["tags"]; len(got.([]any)) != 1 || got.([]any)[0] != "pets_c2" {
		t.Errorf("tags of /v1/pets_c2/{id} = %v, want [pets_c2]", got)
	}
	if len(doc.Tags) != 3 || doc.Tags[2]["name"] != "pets_c3" {
		t.Errorf("declared tags = %v, want pets, pets_c2, pets_c3", doc.Tags)
	}
	if len(doc.Components.SecuritySchemes) != 1 {
		t.Errorf("security schemes were copied: %v", doc.Components.SecuritySchemes)
	}
	pet := doc.Components.Schemas["PetC2"]
	if got := pet["oneOf"].([]any)[0].(map[string]any)["$ref"]; got != "#/components/schemas/CatC2" {
		t.Errorf("PetC2's first variant is %v, want CatC2", got)
	}
	mapping := doc.Components.Schemas["PetC3"]["discriminator"].(map[string]any)["mapping"].(map[string]any)
	if mapping["cat"] != "#/components/schemas/CatC3" || mapping["dog"] != "DogC3" {
		t.Errorf("PetC3's mapping is %v", mapping)
	}
	for name, want := range map[string]string{
		"Cat":   "#/components/schemas/Dog/properties/kind",
		"CatC3": "#/components/schemas/DogC3/properties/kind",
	} {
		schema, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("no %s in %v", name, doc.Components.Schemas)
			continue
		}
		props := schema["properties"].(map[string]any)
		if got := props["name"].(map[string]any)["$ref"]; got != want {
			t.Errorf("%s.name refers to %v, want %s", name, got, want)
		}
	}
}

func TestScaleSpecRejectsSwagger(t *testing.T) {
	if _, _, err := scaleSpec([]byte("swagger: '2.0'\npaths: {}\n"), 2); err == nil {
		t.Error("a Swagger 2.0 document was scaled")
	}
}

// edgeSpec has what tinySpec lacks: an anchor and its alias, a webhook, a
// parameter component, a component name that a JSON Pointer escapes, a path
// with no resource segment, and a path item key that is not an operation.
// The anchored schema holds a reference, so that a copy that kept the alias
// would point at the original's component.
const edgeSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /{id}:
    summary: not an operation
    parameters: [{$ref: "#/components/parameters/Id"}]
    get:
      operationId: getOne
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/a~1b"}}}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  schemas:
    N: {type: integer}
    a/b: &shared {type: object, properties: {n: {$ref: "#/components/schemas/N"}}}
webhooks:
  ping:
    post:
      operationId: onPing
      requestBody: {content: {application/json: {schema: *shared}}}
      responses: {"200": {description: ok}}
`

func TestScaleSpecEdges(t *testing.T) {
	out, info, err := scaleSpec([]byte(edgeSpec), 2)
	if err != nil {
		t.Fatal(err)
	}
	if info.bytes != len(out) {
		t.Errorf("info.bytes = %d, the output has %d", info.bytes, len(out))
	}
	if info.paths != 2 || info.operations != 2 || info.comps != 6 {
		t.Errorf("got %d paths, %d operations, %d components; want 2, 2, 6", info.paths, info.operations, info.comps)
	}
	var doc struct {
		Paths      map[string]map[string]any `yaml:"paths"`
		Webhooks   map[string]any            `yaml:"webhooks"`
		Components struct {
			Parameters map[string]any `yaml:"parameters"`
			Schemas    map[string]any `yaml:"schemas"`
		} `yaml:"components"`
	}
	// Decoding fails on an anchor defined twice or an alias left dangling.
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	copyItem, ok := doc.Paths["/c2/{id}"]
	if !ok {
		t.Fatalf("no /c2/{id} among %v", doc.Paths)
	}
	if got := copyItem["parameters"].([]any)[0].(map[string]any)["$ref"]; got != "#/components/parameters/IdC2" {
		t.Errorf("the copy's parameter refers to %v, want IdC2", got)
	}
	schema := copyItem["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	if got := schema.(map[string]any)["$ref"]; got != "#/components/schemas/a~1bC2" {
		t.Errorf("the copy's response refers to %v, want a~1bC2 (a/bC2 escaped)", got)
	}
	hook, ok := doc.Webhooks["ping_c2"].(map[string]any)
	if !ok {
		t.Fatalf("no webhook ping_c2 among %v", doc.Webhooks)
	}
	// The alias is expanded in the copy, and the reference inside renamed.
	body := hook["post"].(map[string]any)["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
	n := body["schema"].(map[string]any)["properties"].(map[string]any)["n"].(map[string]any)
	if got := n["$ref"]; got != "#/components/schemas/NC2" {
		t.Errorf("the copied webhook's aliased schema refers to %v, want NC2", got)
	}
	if _, ok := doc.Components.Parameters["IdC2"]; !ok {
		t.Errorf("no parameter IdC2 among %v", doc.Components.Parameters)
	}
	if _, ok := doc.Components.Schemas["a/bC2"]; !ok {
		t.Errorf("no schema a/bC2 among %v", doc.Components.Schemas)
	}
	if n := strings.Count(string(out), "&shared"); n != 1 {
		t.Errorf("the anchor is defined %d times, want once (copies expand aliases)", n)
	}
}
