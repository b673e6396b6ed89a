package config

import (
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// rendered returns each diagnostic as the line sdkgen prints.
func rendered(ds diag.List) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// src joins lines into a YAML document, so test inputs show their line
// numbers plainly.
func src(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// TestDiagnostics asserts the exact rendered diagnostics, every one of them,
// for configs with one problem each.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		// Unknown keys, with and without a suggestion.
		{
			name: "unknown top-level key suggests resources",
			yaml: src(
				"resorces:",
				"  chat: {}",
			),
			want: []string{`stainless.yml:1:1: error [Config/UnknownKey]: unknown key "resorces" at the top level; did you mean "resources"?`},
		},
		{
			name: "unknown rule key suggests handle",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - event_type: ping",
				"      handel: continue",
			),
			want: []string{`stainless.yml:4:7: error [Config/UnknownKey]: unknown key "handel" in streaming.on_event[0]; did you mean "handle"?`},
		},
		{
			name: "unknown streaming key suggests stream_event_model",
			yaml: src(
				"resources:",
				"  chat:",
				"    methods:",
				"      create:",
				"        endpoint: post /chat",
				"        streaming:",
				"          stream_event_modle: chat.chunk",
			),
			want: []string{`stainless.yml:7:11: error [Config/UnknownKey]: unknown key "stream_event_modle" in resources.chat.methods.create.streaming; did you mean "stream_event_model"?`},
		},
		{
			name: "unknown key without a near match lists the valid keys",
			yaml: src(
				"organization:",
				"  name: Acme",
				"  mascot: owl",
			),
			want: []string{`stainless.yml:3:3: error [Config/UnknownKey]: unknown key "mascot" in organization; valid keys here: name, docs, contact, github_org`},
		},
		{
			name: "unknown special resource suggests $shared",
			yaml: src(
				"resources:",
				"  $shraed:",
				"    models:",
				"      x: X",
			),
			want: []string{`stainless.yml:2:3: error [Config/UnknownKey]: unknown special resource "$shraed" in resources; did you mean "$shared"?`},
		},

		// Stainless keys sdkgen does not use are warnings.
		{
			name: "Stainless top-level key",
			yaml: src(
				"settings:",
				"  license: MIT",
			),
			want: []string{`stainless.yml:1:1: warning [Config/Unsupported]: settings is ignored: sdkgen does not use this Stainless key yet`},
		},
		{
			name: "other targets",
			yaml: src(
				"targets:",
				"  python:",
				"    package_name: acme",
				"  go:",
				"    package_name: acme",
				"    edition: go.2025-10-08",
			),
			want: []string{
				`stainless.yml:2:3: warning [Config/Unsupported]: targets.python is ignored: sdkgen generates only the Go SDK`,
				`stainless.yml:6:5: warning [Config/Unsupported]: targets.go.edition is ignored: sdkgen does not use this Stainless key yet`,
			},
		},
		{
			name: "Stainless method and client_settings keys",
			yaml: src(
				"client_settings:",
				"  idempotency_header: Idempotency-Key",
				"resources:",
				"  things:",
				"    methods:",
				"      update:",
				"        endpoint: put /things/{id}",
				"        positional_params: [id]",
			),
			want: []string{
				`stainless.yml:2:3: warning [Config/Unsupported]: client_settings.idempotency_header is ignored: sdkgen does not use this Stainless key yet`,
				`stainless.yml:8:9: warning [Config/Unsupported]: resources.things.methods.update.positional_params is ignored: sdkgen does not use this Stainless key yet`,
			},
		},
		{
			name: "method type other than http",
			yaml: src(
				"resources:",
				"  things:",
				"    methods:",
				"      old:",
				"        endpoint: get /old",
				"        type: alias",
			),
			want: []string{`stainless.yml:6:15: warning [Config/Unsupported]: resources.things.methods.old.type: method type "alias" is not supported by sdkgen yet`},
		},

		{
			name: "client option type sdkgen does not generate",
			yaml: src(
				"client_settings:",
				"  opts:",
				"    tags:",
				"      type: array",
			),
			want: []string{`stainless.yml:4:13: warning [Config/Unsupported]: client_settings.opts.tags.type: client option type "array" is not supported by sdkgen yet; use one of: string, boolean, integer, number`},
		},
		{
			name: "model map without a type",
			yaml: src(
				"resources:",
				"  things:",
				"    models:",
				"      thing:",
				"        description: A thing",
			),
			want: []string{
				`stainless.yml:4:7: error [Config/MissingKey]: resources.things.models.thing: the model has no type (the schema it names); add type: <schema name>`,
				`stainless.yml:5:9: warning [Config/Unsupported]: resources.things.models.thing.description is ignored: sdkgen does not use this Stainless key yet`,
			},
		},

		// Wrong types.
		{
			name: "list where a map is expected",
			yaml: src("resources: [chat, models]"),
			want: []string{`stainless.yml:1:12: error [Config/InvalidValue]: resources: expected a map, got a list`},
		},
		{
			name: "number where a string is expected",
			yaml: src(
				"organization:",
				"  name: 42",
			),
			want: []string{`stainless.yml:2:9: error [Config/InvalidValue]: organization.name: expected a string, got a number (42)`},
		},
		{
			name: "string where a boolean is expected",
			yaml: src(
				"resources:",
				"  things:",
				"    methods:",
				"      list:",
				"        endpoint: get /things",
				`        paginated: "no"`,
			),
			want: []string{`stainless.yml:6:20: error [Config/InvalidValue]: resources.things.methods.list.paginated: expected true or false, got a string ("no")`},
		},
		{
			name: "method is a number",
			yaml: src(
				"resources:",
				"  things:",
				"    methods:",
				"      list: 7",
			),
			want: []string{`stainless.yml:4:13: error [Config/InvalidValue]: resources.things.methods.list: expected an endpoint such as "get /things/{id}", or a map with endpoint, got a number (7)`},
		},
		{
			name: "top level is a list",
			yaml: src("- a", "- b"),
			want: []string{`stainless.yml:1:1: error [Config/InvalidValue]: the config: expected a map of keys such as organization, targets and resources, got a list`},
		},
		{
			name: "environment is not a URL",
			yaml: src(
				"environments:",
				"  production: api.acme.com",
			),
			want: []string{`stainless.yml:2:15: error [Config/InvalidValue]: environments.production: "api.acme.com" is not an http or https URL; write the full base URL, e.g. "https://api.example.com/v1"`},
		},
		{
			name: "unmapped value",
			yaml: src("unmapped: skip"),
			want: []string{`stainless.yml:1:11: error [Config/InvalidValue]: unmapped: unknown value "skip"; use "unmapped: generate", or leave the key out to skip operations the resources do not map`},
		},
		{
			name: "production_repo is not owner/repo",
			yaml: src(
				"targets:",
				"  go:",
				"    production_repo: acme-go",
			),
			want: []string{`stainless.yml:3:22: error [Config/InvalidValue]: targets.go.production_repo: "acme-go" is not a GitHub repository; write it as "<owner>/<repo>", e.g. "acme/acme-go"`},
		},
		{
			name: "model reference outside components/schemas",
			yaml: src(
				"resources:",
				"  things:",
				"    models:",
				"      thing: '#/definitions/Thing'",
			),
			want: []string{`stainless.yml:4:14: error [Config/InvalidValue]: resources.things.models.thing: "#/definitions/Thing" is not a reference to a schema in #/components/schemas; write a schema name, or "#/components/schemas/<name>"`},
		},

		// Endpoints.
		{
			name: "unknown HTTP method",
			yaml: src(
				"resources:",
				"  models:",
				"    methods:",
				"      retrieve: gett /models/{model}",
			),
			want: []string{`stainless.yml:4:17: error [Config/InvalidEndpoint]: resources.models.methods.retrieve: endpoint "gett /models/{model}" has an unknown HTTP method "gett"; did you mean "get"?`},
		},
		{
			name: "path without a leading slash",
			yaml: src(
				"resources:",
				"  models:",
				"    methods:",
				"      list:",
				"        endpoint: get models",
			),
			want: []string{`stainless.yml:5:19: error [Config/InvalidEndpoint]: resources.models.methods.list.endpoint: endpoint "get models" has a path that does not start with '/'; write "get /models"`},
		},
		{
			name: "endpoint without a method",
			yaml: src(
				"resources:",
				"  beta:",
				"    methods:",
				"      create: /v2/create",
			),
			want: []string{`stainless.yml:4:15: error [Config/InvalidEndpoint]: resources.beta.methods.create: endpoint "/v2/create" has no HTTP method; write it as "<method> <path>", e.g. "get /things/{id}"`},
		},
		{
			name: "endpoint with too many parts",
			yaml: src(
				"resources:",
				"  a:",
				"    methods:",
				"      b: get /a /b",
			),
			want: []string{`stainless.yml:4:10: error [Config/InvalidEndpoint]: resources.a.methods.b: endpoint "get /a /b" has 3 parts, not 2; write it as "<method> <path>", e.g. "get /things/{id}"; a path has no spaces`},
		},
		{
			name: "method map without endpoint",
			yaml: src(
				"resources:",
				"  a:",
				"    methods:",
				"      b:",
				"        paginated: false",
			),
			want: []string{`stainless.yml:4:7: error [Config/MissingKey]: resources.a.methods.b: the method has no endpoint; add endpoint: "<method> <path>", e.g. endpoint: get /things/{id}`},
		},

		// Duplicates.
		{
			name: "duplicate key",
			yaml: src(
				"organization:",
				"  name: A",
				"  name: B",
			),
			want: []string{`stainless.yml:3:3: error [Config/DuplicateKey]: key "name" is defined twice in the same map (first at line 2); remove one of them`},
		},
		{
			name: "duplicate pagination scheme",
			yaml: src(
				"pagination:",
				"  - name: page",
				"    type: cursor",
				"  - name: page",
				"    type: offset",
			),
			want: []string{`stainless.yml:4:5: error [Config/DuplicateName]: pagination[1]: a pagination scheme named "page" is already defined at line 2; rename one of them`},
		},
		{
			name: "pagination scheme without a type",
			yaml: src(
				"pagination:",
				"  - name: page",
			),
			want: []string{`stainless.yml:2:5: error [Config/MissingKey]: pagination[0]: the pagination scheme has no type`},
		},
		{
			name: "method names an unknown pagination scheme",
			yaml: src(
				"pagination:",
				"  - name: cursor_page",
				"    type: cursor",
				"resources:",
				"  things:",
				"    methods:",
				"      list:",
				"        endpoint: get /things",
				"        pagination: curser_page",
			),
			want: []string{`stainless.yml:9:21: error [Config/UnknownPagination]: resources.things.methods.list.pagination: no pagination scheme is named "curser_page"; did you mean "cursor_page"?`},
		},

		// on_event rules.
		{
			name: "unknown handle suggests yield",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - kind: fallthrough",
				"      handle: yeild",
			),
			want: []string{`stainless.yml:4:15: error [Config/UnknownAction]: streaming.on_event[0].handle: unknown handle "yeild"; did you mean "yield"?`},
		},
		{
			name: "unknown handle without a near match",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - kind: fallthrough",
				"      handle: explode",
			),
			want: []string{`stainless.yml:4:15: error [Config/UnknownAction]: streaming.on_event[0].handle: unknown handle "explode"; use one of: yield, done, error, break, continue`},
		},
		{
			name: "rule without a matcher",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - handle: yield",
			),
			want: []string{`stainless.yml:3:7: error [Streaming/NoMatcher]: streaming.on_event[0]: the rule matches nothing; add event_type, data_starts_with, or kind: fallthrough to match every event`},
		},
		{
			name: "rule without a handle",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - event_type: ping",
			),
			want: []string{`stainless.yml:3:7: error [Config/MissingKey]: streaming.on_event[0]: the rule has no handle; add handle: yield, done, error, break or continue`},
		},
		{
			name: "unknown kind",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - kind: fallthrouh",
				"      handle: yield",
			),
			want: []string{`stainless.yml:3:13: error [Config/InvalidValue]: streaming.on_event[0].kind: unknown kind "fallthrouh"; did you mean "fallthrough"?`},
		},
		{
			name: "fallthrough combined with a matcher",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - kind: fallthrough",
				"      event_type: ping",
				"      handle: yield",
			),
			want: []string{`stainless.yml:3:7: error [Config/InvalidValue]: streaming.on_event[0]: kind: fallthrough matches every event and cannot be combined with event_type or data_starts_with; remove kind: fallthrough, or the other matchers`},
		},
		{
			name: "empty event_type list",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - event_type: []",
				"      handle: continue",
				"    - kind: fallthrough",
				"      handle: yield",
			),
			want: []string{`stainless.yml:3:19: error [Config/InvalidValue]: streaming.on_event[0].event_type: the list of event types is empty, so the rule never matches; list at least one event type, or write event_type: null for events without one`},
		},
		{
			name: "event_type of the wrong type",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - event_type: 404",
				"      handle: error",
			),
			want: []string{`stainless.yml:3:19: error [Config/InvalidValue]: streaming.on_event[0].event_type: expected an event type name, a list of names, or null, got a number (404)`},
		},
		{
			name: "error_property without yield",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - event_type: error",
				"      handle: error",
				"      error_property: error",
				"    - kind: fallthrough",
				"      handle: yield",
			),
			want: []string{`stainless.yml:3:7: warning [Streaming/ErrorPropertyIgnored]: streaming.on_event[0]: error_property is only used with handle: yield; ignored with handle: error; remove error_property, or use handle: yield`},
		},
		{
			name: "fallthrough not last",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - kind: fallthrough",
				"      handle: yield",
				"    - data_starts_with: '[DONE]'",
				"      handle: done",
				"    - event_type: error",
				"      handle: error",
			),
			want: []string{`stainless.yml:3:7: warning [Streaming/FallthroughNotLast]: streaming.on_event[0]: kind: fallthrough matches every event, so the 2 rules after it can never match; move the fallthrough rule to the end of the list`},
		},
		{
			name: "no fallthrough",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - data_starts_with: '[DONE]'",
				"      handle: done",
				"    - event_type: null",
				"      handle: yield",
			),
			want: []string{`stainless.yml:3:5: warning [Streaming/NoFallthrough]: streaming.on_event has no kind: fallthrough rule; events that no rule matches are yielded anyway; end the list with {kind: fallthrough, handle: yield} to say so explicitly`},
		},
		{
			name: "no yield",
			yaml: src(
				"streaming:",
				"  on_event:",
				"    - data_starts_with: '[DONE]'",
				"      handle: done",
				"    - kind: fallthrough",
				"      handle: continue",
			),
			want: []string{`stainless.yml:3:5: warning [Streaming/NoYield]: streaming.on_event has no rule with handle: yield; no event ever reaches the caller; add a rule with handle: yield, usually {kind: fallthrough, handle: yield} at the end`},
		},
		{
			name: "per-method rules are checked the same way",
			yaml: src(
				"resources:",
				"  chat:",
				"    methods:",
				"      create:",
				"        endpoint: post /chat",
				"        streaming:",
				"          on_event:",
				"            - event_type: ping",
				"              handle: continue",
			),
			want: []string{
				`stainless.yml:8:13: warning [Streaming/NoFallthrough]: resources.chat.methods.create.streaming.on_event has no kind: fallthrough rule; events that no rule matches are yielded anyway; end the list with {kind: fallthrough, handle: yield} to say so explicitly`,
				`stainless.yml:8:13: warning [Streaming/NoYield]: resources.chat.methods.create.streaming.on_event has no rule with handle: yield; only events that no rule matches reach the caller; add a rule with handle: yield, usually {kind: fallthrough, handle: yield} at the end`,
			},
		},
		{
			name: "per-method misspelt handle",
			yaml: src(
				"resources:",
				"  chat:",
				"    methods:",
				"      create:",
				"        endpoint: post /chat",
				"        streaming:",
				"          on_event:",
				"            - kind: fallthrough",
				"              handel: yield",
			),
			want: []string{`stainless.yml:9:15: error [Config/UnknownKey]: unknown key "handel" in resources.chat.methods.create.streaming.on_event[0]; did you mean "handle"?`},
		},

		// YAML itself.
		{
			name: "not YAML: a tab in the indentation",
			yaml: src(
				"organization:",
				"  name: Acme",
				"resources:",
				"\tchat: {}",
			),
			want: []string{`stainless.yml:4: error [Config/Syntax]: not valid YAML: found character that cannot start any token`},
		},
		{
			// The flow list swallows line 4 ("targets: {}" is a valid item);
			// the parser gives up there, and that is the line reported.
			name: "not YAML: an unclosed flow list",
			yaml: src(
				"organization:",
				"  name: Acme",
				"resources: [chat,",
				"targets: {}",
			),
			want: []string{`stainless.yml:4: error [Config/Syntax]: not valid YAML: did not find expected ',' or ']'`},
		},
		{
			name: "not YAML: line 1",
			yaml: src("a: b: c"),
			want: []string{`stainless.yml:1: error [Config/Syntax]: not valid YAML: mapping values are not allowed in this context`},
		},
		{
			name: "bad indentation",
			yaml: src(
				"organization:",
				"  name: Acme",
				"   docs: x",
			),
			want: []string{`stainless.yml:3: error [Config/Syntax]: not valid YAML: mapping values are not allowed in this context`},
		},
		{
			name: "an empty second document is fine",
			yaml: src(
				"organization:",
				"  naem: Acme",
				"---",
			),
			want: []string{`stainless.yml:2:3: error [Config/UnknownKey]: unknown key "naem" in organization; did you mean "name"?`},
		},
		{
			name: "second YAML document",
			yaml: src(
				"organization:",
				"  name: Acme",
				"---",
				"resources: {}",
			),
			want: []string{`stainless.yml:4:1: warning [Config/Unsupported]: only the first YAML document of the file is read; this one is ignored; remove the '---' and what follows, or move it into the first document`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load("stainless.yml", []byte(tt.yaml))
			got := rendered(ds)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
		})
	}
}
