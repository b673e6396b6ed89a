package config

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/diag"
)

func load(t *testing.T, yaml string) (*Config, diag.List) {
	t.Helper()
	return Load("stainless.yml", []byte(yaml))
}

func loadFile(t *testing.T, name string) (*Config, diag.List) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return Load("stainless.yml", data)
}

func pos(line, col int) diag.Pos { return diag.Pos{File: "stainless.yml", Line: line, Col: col} }

func mustClean(t *testing.T, ds diag.List) {
	t.Helper()
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", ds)
	}
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// TestConfigExample loads the full example from CONFIG.md (copied verbatim
// into testdata) and checks every value and the positions that matter.
func TestConfigExample(t *testing.T) {
	c, ds := loadFile(t, "testdata/config_md.yml")
	mustClean(t, ds)

	eq(t, "File", c.File, "stainless.yml")
	eq(t, "Organization.Name", c.Organization.Name, "Acme")
	eq(t, "Go.PackageName", c.Go.PackageName, "acme")
	eq(t, "Go.PackageNamePos", c.Go.PackageNamePos, pos(5, 19))
	eq(t, "Go.Module", c.Go.Module, "example.com/acme-go")
	eq(t, "Go.ModulePos", c.Go.ModulePos, pos(6, 13))

	if len(c.ClientOpts) != 1 {
		t.Fatalf("ClientOpts = %d, want 1", len(c.ClientOpts))
	}
	eq(t, "ClientOpts[0]", *c.ClientOpts[0], ClientOpt{
		Key: "api_key", Type: "string", ReadEnv: "ACME_API_KEY", SecurityScheme: "BearerAuth", Pos: pos(9, 5),
	})

	eq(t, "Environments", c.Environments, []*Environment{
		{Name: "production", URL: "https://api.acme.com/v1", Pos: pos(14, 3)},
		{Name: "sandbox", URL: "https://sandbox.acme.com/v1", Pos: pos(15, 3)},
	})

	// resources
	if len(c.Resources) != 2 {
		t.Fatalf("Resources = %d, want 2", len(c.Resources))
	}
	chat, models := c.Resources[0], c.Resources[1]
	eq(t, "chat.Name", chat.Name, "chat")
	eq(t, "chat.Pos", chat.Pos, pos(17, 3))
	if len(chat.Subresources) != 1 {
		t.Fatalf("chat.Subresources = %d, want 1", len(chat.Subresources))
	}
	completions := chat.Subresources[0]
	eq(t, "completions.Models", completions.Models, []*Model{
		{Name: "chat_completion", Schema: "CreateChatCompletionResponse", Pos: pos(21, 11)},
		{Name: "chat_completion_chunk", Schema: "CreateChatCompletionStreamResponse", Pos: pos(22, 11)},
	})
	if len(completions.Methods) != 1 {
		t.Fatalf("completions.Methods = %d, want 1", len(completions.Methods))
	}
	create := completions.Methods[0]
	eq(t, "create", *create, Method{
		Name: "create", HTTPMethod: "POST", Path: "/chat/completions", EndpointPos: pos(25, 23), Type: "http",
		Streaming: create.Streaming, Pos: pos(24, 11),
	})
	eq(t, "create.Streaming", *create.Streaming, MethodStreaming{
		ParamDiscriminator:  "stream",
		DiscriminatorPos:    pos(28, 36),
		StreamEventModel:    "chat.completions.chat_completion_chunk",
		StreamEventModelPos: pos(29, 35),
		ParamsTypeName:      "chat_completion_create_params",
		ParamsTypeNamePos:   pos(30, 33),
		Pos:                 pos(27, 13),
	})

	eq(t, "models.Name", models.Name, "models")
	f := false
	eq(t, "models.Methods", models.Methods, []*Method{
		{Name: "list", HTTPMethod: "GET", Path: "/models", EndpointPos: pos(34, 19), Type: "http", Paginated: &f, Pos: pos(33, 7)},
		{Name: "retrieve", HTTPMethod: "GET", Path: "/models/{model}", EndpointPos: pos(36, 17), Type: "http", Pos: pos(36, 7)},
	})

	// pagination
	eq(t, "Pagination", c.Pagination, []*Pagination{{
		Name: "cursor_page", Type: "cursor",
		Request: []*PaginationProperty{{Name: "after", Type: "string", Purpose: "next_cursor_param", Pos: pos(40, 17)}},
		Response: []*PaginationProperty{
			{Name: "data", Type: "array", IsItems: true, Pos: pos(41, 17)},
			{Name: "next_cursor", Type: "string", Purpose: "next_cursor_field", Pos: pos(41, 51)},
		},
		Pos: pos(38, 5),
	}})

	// streaming.on_event
	eq(t, "OnEventPos", c.OnEventPos, pos(43, 3))
	eq(t, "OnEvent", c.OnEvent, []*Rule{
		{DataStartsWith: "[DONE]", HasDataStartsWith: true, Handle: "done", Pos: pos(44, 7)},
		{EventTypes: []string{"error"}, HasEventType: true, Handle: "error", Pos: pos(46, 7)},
		{EventTypes: []string{"ping", "heartbeat"}, HasEventType: true, Handle: "continue", Pos: pos(48, 7)},
		{Kind: "fallthrough", Handle: "yield", ErrorProperty: "error", Pos: pos(50, 7)},
	})
	eq(t, "Unmapped", c.Unmapped, "")

	// helpers
	eq(t, "ModelPaths", c.ModelPaths(), []string{"chat.completions.chat_completion", "chat.completions.chat_completion_chunk"})
	eq(t, "FindModel", findModel(c, "chat.completions.chat_completion_chunk"), completions.Models[1])
	if findModel(c, "chat.completion.chunk") != nil {
		t.Error("FindModel found a model that does not exist")
	}
	s, ok := c.SuggestModel("chat.completion.chunk")
	eq(t, "SuggestModel", s, "chat.completions.chat_completion_chunk")
	eq(t, "SuggestModel ok", ok, true)
}

func TestShorthandMethod(t *testing.T) {
	c, ds := load(t, src(
		"resources:",
		"  models:",
		"    methods:",
		"      retrieve: get /models/{model}",
		"      create: POST /models",
		"      patch: Patch /models/{model}",
		"      long: >-",
		"        delete",
		"        /models/{model}",
	))
	mustClean(t, ds)
	ms := c.Resources[0].Methods
	var got []string
	for _, m := range ms {
		got = append(got, m.Name+" "+m.HTTPMethod+" "+m.Path+" "+m.Type)
	}
	eq(t, "methods", got, []string{
		"retrieve GET /models/{model} http",
		"create POST /models http",
		"patch PATCH /models/{model} http",
		"long DELETE /models/{model} http",
	})
	eq(t, "retrieve.Pos", ms[0].Pos, pos(4, 7))
	eq(t, "retrieve.EndpointPos", ms[0].EndpointPos, pos(4, 17))
}

func TestDiscriminator(t *testing.T) {
	c, ds := load(t, src(
		"resources:",
		"  events:",
		"    methods:",
		"      always:",
		"        endpoint: get /events",
		"        streaming:",
		"          param_discriminator: null",
		"      dual:",
		"        endpoint: post /generate",
		"        streaming:",
		"          param_discriminator: stream",
		"          reconnect: true",
		"          event_type_property: event",
		"      unset:",
		"        endpoint: post /other",
		"        streaming: {}",
		"      bare:",
		"        endpoint: post /bare",
		"        streaming:",
	))
	mustClean(t, ds)
	ms := c.Resources[0].Methods
	always, dual, unset, bare := ms[0].Streaming, ms[1].Streaming, ms[2].Streaming, ms[3].Streaming

	eq(t, "always.DiscriminatorNull", always.DiscriminatorNull, true)
	eq(t, "always.ParamDiscriminator", always.ParamDiscriminator, "")
	eq(t, "always.DiscriminatorPos", always.DiscriminatorPos, pos(7, 32))

	eq(t, "dual.DiscriminatorNull", dual.DiscriminatorNull, false)
	eq(t, "dual.ParamDiscriminator", dual.ParamDiscriminator, "stream")
	eq(t, "dual.EventTypeProperty", dual.EventTypeProperty, "event")

	eq(t, "unset", *unset, MethodStreaming{Pos: pos(16, 9)})
	eq(t, "bare", *bare, MethodStreaming{Pos: pos(19, 9)})
}

func TestOnEventMatchers(t *testing.T) {
	c, ds := load(t, src(
		"streaming:",
		"  on_event:",
		"    - event_type: [ping, heartbeat]",
		"      handle: continue",
		"    - event_type: null",
		"      data_starts_with: '{'",
		"      handle: yield",
		"    - event_type:",
		"        - fatal",
		"      handle: break",
		"    - event_type: ~",
		"      handle: done",
		"    - kind: fallthrough",
		"      handle: yield",
		"      error_property: error",
		"resources:",
		"  chat:",
		"    methods:",
		"      create:",
		"        endpoint: post /chat",
		"        streaming:",
		"          on_event:",
		"            - data_starts_with: '[DONE]'",
		"              handle: done",
		"            - kind: fallthrough",
		"              handle: yield",
		"      plain:",
		"        endpoint: post /plain",
		"        streaming:",
		"          on_event: []",
	))
	mustClean(t, ds)
	eq(t, "OnEvent", c.OnEvent, []*Rule{
		{EventTypes: []string{"ping", "heartbeat"}, HasEventType: true, Handle: "continue", Pos: pos(3, 7)},
		{EventTypeNull: true, HasEventType: true, DataStartsWith: "{", HasDataStartsWith: true, Handle: "yield", Pos: pos(5, 7)},
		{EventTypes: []string{"fatal"}, HasEventType: true, Handle: "break", Pos: pos(8, 7)},
		{EventTypeNull: true, HasEventType: true, Handle: "done", Pos: pos(11, 7)},
		{Kind: "fallthrough", Handle: "yield", ErrorProperty: "error", Pos: pos(13, 7)},
	})
	create, plain := c.Resources[0].Methods[0], c.Resources[0].Methods[1]
	eq(t, "create.HasOnEvent", create.Streaming.HasOnEvent, true)
	eq(t, "create.OnEventPos", create.Streaming.OnEventPos, pos(22, 11))
	eq(t, "create rule count", len(create.Streaming.OnEvent), 2)
	// An explicit empty list replaces the top-level rules.
	eq(t, "plain.HasOnEvent", plain.Streaming.HasOnEvent, true)
	eq(t, "plain rules", plain.Streaming.OnEvent, []*Rule{})
}

// TestStainlessConfig loads a config in the shape of real Stainless projects
// (every Stainless key sdkgen knows of): warnings only, and the keys sdkgen
// reads are read.
func TestStainlessConfig(t *testing.T) {
	c, ds := loadFile(t, "testdata/stainless_full.yml")
	if ds.HasErrors() {
		t.Fatalf("a Stainless config gave errors:\n%s", ds)
	}
	codes := map[string]int{}
	for _, d := range ds {
		codes[d.Code]++
	}
	eq(t, "warning codes", codes, map[string]int{"Config/Unsupported": 33, "Streaming/NoFallthrough": 1})

	eq(t, "Organization.Name", c.Organization.Name, "Widgets Inc")
	eq(t, "Go.PackageName", c.Go.PackageName, "widgets")
	eq(t, "Go.ProductionRepo", c.Go.ProductionRepo, "widgets-example/widgets-go")
	eq(t, "Go.Module", c.Go.Module, "github.com/widgets-example/widgets-go")
	eq(t, "Go.ModulePos", c.Go.ModulePos, c.Go.ProductionRepoPos)
	eq(t, "ModelPaths", c.ModelPaths(), []string{
		"$shared.error_object", "$shared.metadata", "widgets.widget", "widgets.widget_event", "widgets.parts.part",
	})
	var opts []string
	for _, o := range c.ClientOpts {
		opts = append(opts, o.Key+":"+o.SecurityScheme+":"+o.AuthRole)
	}
	eq(t, "ClientOpts", opts, []string{"username:BasicAuth:username", "password:BasicAuth:password", "api_key:BearerAuth:", "region::"})
	eq(t, "region default", c.ClientOpts[3].Default, any("us-east-1"))

	var methods []string
	c.WalkResources(func(path string, r *Resource) {
		for _, m := range r.Methods {
			methods = append(methods, path+"."+m.Name+" "+m.HTTPMethod+" "+m.Path)
		}
	})
	eq(t, "methods", methods, []string{
		"$client.health GET /health",
		"widgets.create POST /widgets",
		"widgets.list GET /widgets",
		"widgets.retrieve GET /widgets/{widget_id}",
		"widgets.update PATCH /widgets/{widget_id}",
		"widgets.delete DELETE /widgets/{widget_id}",
		"widgets.watch GET /widgets/{widget_id}/events",
		"widgets.generate POST /widgets/generate",
		"widgets.parts.list GET /widgets/{widget_id}/parts",
		"widgets.parts.retrieve GET /widgets/{widget_id}/parts/{part_id}",
	})
	generate := c.Resources[2].Methods[6]
	eq(t, "generate.Deprecated", generate.Deprecated, "use widgets.create")
	eq(t, "list.Pagination", c.Resources[2].Methods[1].Pagination, "default_page")

	// Items: the first array property, or the one whose purpose says so.
	items := func(p *Pagination) (names []string) {
		for _, prop := range p.Response {
			if prop.IsItems {
				names = append(names, prop.Name)
			}
		}
		return names
	}
	eq(t, "default_page items", items(c.Pagination[0]), []string{"data"})
	eq(t, "numbered items", items(c.Pagination[1]), []string{"items"})
	eq(t, "next_cursor type list", c.Pagination[0].Response[1].Type, "")
}

func TestZeroConfig(t *testing.T) {
	c, ds := Load("", nil)
	mustClean(t, ds)
	if c == nil {
		t.Fatal("nil config")
	}
	eq(t, "config", *c, Config{})
	eq(t, "ModelPaths", c.ModelPaths(), []string(nil))
}

func TestEmptyFile(t *testing.T) {
	for _, data := range []string{"", "\n", "# only a comment\n", "---\n", "null\n"} {
		c, ds := Load("stainless.yml", []byte(data))
		mustClean(t, ds)
		eq(t, "config for "+strings.TrimSpace(data), *c, Config{File: "stainless.yml"})
	}
}

func TestDefaults(t *testing.T) {
	c, ds := load(t, src(
		"targets:",
		"  go:",
		"    production_repo: acme/acme-go#main",
		"client_settings:",
		"  opts:",
		"    token:",
		"      read_env: ACME_TOKEN",
		"unmapped: generate",
	))
	mustClean(t, ds)
	eq(t, "Module", c.Go.Module, "github.com/acme/acme-go")
	eq(t, "ModulePos", c.Go.ModulePos, pos(3, 22))
	eq(t, "PackageName stays empty", c.Go.PackageName, "")
	eq(t, "opt type", c.ClientOpts[0].Type, "string")
	eq(t, "Unmapped", c.Unmapped, "generate")
	eq(t, "Resources", c.Resources, []*Resource(nil))

	// module wins over production_repo; a null production_repo is no repo.
	c, ds = load(t, src(
		"targets:",
		"  go:",
		"    module: example.com/sdk",
		"    production_repo: acme/acme-go",
	))
	mustClean(t, ds)
	eq(t, "Module", c.Go.Module, "example.com/sdk")
	c, ds = load(t, src("targets:", "  go:", "    production_repo: null"))
	mustClean(t, ds)
	eq(t, "Module", c.Go.Module, "")

	// resources: {} is configured and empty, not zero-config.
	c, ds = load(t, "resources: {}\n")
	mustClean(t, ds)
	if c.Resources == nil || len(c.Resources) != 0 {
		t.Errorf("resources: {} gave %#v, want an empty non-nil list", c.Resources)
	}
}

func TestModels(t *testing.T) {
	c, ds := load(t, src(
		"resources:",
		"  $shared:",
		"    models:",
		"      error_object: '#/components/schemas/ErrorObject'",
		"      weird: '#/components/schemas/a~1b'",
		"      detailed:",
		"        type: Detailed",
		"  chat:",
		"    subresources:",
		"      completions:",
		"        models:",
		"          chat_completion_chunk: Chunk",
	))
	mustClean(t, ds)
	eq(t, "ModelPaths", c.ModelPaths(), []string{
		"$shared.error_object", "$shared.weird", "$shared.detailed", "chat.completions.chat_completion_chunk",
	})
	eq(t, "error_object", findModel(c, "$shared.error_object").Schema, "ErrorObject")
	eq(t, "weird", findModel(c, "$shared.weird").Schema, "a/b")
	eq(t, "detailed", findModel(c, "$shared.detailed").Schema, "Detailed")
	s, ok := c.SuggestModel("$shared.error_objct")
	eq(t, "suggest", s+" "+map[bool]string{true: "ok", false: "no"}[ok], "$shared.error_object ok")
	_, ok = c.SuggestModel("billing.invoice")
	eq(t, "no suggestion", ok, false)
}

// TestAliasesAndMerges: anchors, aliases and merge keys are followed, with
// explicit keys winning over merged ones.
func TestAliasesAndMerges(t *testing.T) {
	c, ds := load(t, src(
		"x-base: &base",
		"  endpoint: get /base",
		"  paginated: false",
		"resources:",
		"  things:",
		"    methods:",
		"      list:",
		"        <<: *base",
		"        endpoint: get /things",
		"      other: *base",
	))
	// x-base is not a config key.
	eq(t, "diagnostics", rendered(ds), []string{
		`stainless.yml:1:1: error [Config/UnknownKey]: unknown key "x-base" at the top level; valid keys here: organization, targets, client_settings, environments, resources, pagination, streaming, unmapped, edition, settings, readme, openapi, query_settings, security, security_schemes, custom_casings, diagnostics, codeflow, unspecified_endpoints, package`,
	})
	ms := c.Resources[0].Methods
	eq(t, "list", ms[0].HTTPMethod+" "+ms[0].Path, "GET /things")
	eq(t, "list paginated", *ms[0].Paginated, false)
	eq(t, "other", ms[1].HTTPMethod+" "+ms[1].Path, "GET /base")
}

// TestPartialResult: with errors, Load still returns what it decoded.
func TestPartialResult(t *testing.T) {
	c, ds := load(t, src(
		"organization:",
		"  name: Acme",
		"  mascot: owl",
		"resources:",
		"  good:",
		"    methods:",
		"      list: get /good",
		"  bad:",
		"    methods:",
		"      list: gett /bad",
	))
	if !ds.HasErrors() {
		t.Fatal("want errors")
	}
	eq(t, "Organization.Name", c.Organization.Name, "Acme")
	eq(t, "resources", len(c.Resources), 2)
	eq(t, "good path", c.Resources[0].Methods[0].Path, "/good")
	eq(t, "bad path", c.Resources[1].Methods[0].Path, "")
}

// TestExcessiveAliasing: a small file whose aliases expand to a huge tree is
// stopped with one error instead of running for ever.
func TestExcessiveAliasing(t *testing.T) {
	var b strings.Builder
	b.WriteString("r0: &r0 {methods: {a: get /a, b: get /b}}\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("r" + itoa(i) + ": &r" + itoa(i) + " {subresources: {a: *r" + itoa(i-1) + ", b: *r" + itoa(i-1) + "}}\n")
	}
	b.WriteString("resources: {top: *r40}\n")
	_, ds := load(t, b.String())
	n := slices.IndexFunc(ds, func(d diag.Diagnostic) bool { return strings.Contains(d.Message, "too large") })
	if n < 0 {
		t.Fatalf("no excessive-aliasing error in:\n%s", ds)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// findModel returns the model at a path such as
// "chat.completions.chat_completion_chunk", or nil.
func findModel(c *Config, path string) *Model {
	var found *Model
	c.WalkResources(func(p string, r *Resource) {
		for _, m := range r.Models {
			if found == nil && p+"."+m.Name == path {
				found = m
			}
		}
	})
	return found
}
